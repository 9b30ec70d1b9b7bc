"""The popup's "check a message" and "check a phone number" (issue 7), in the real toolbar popup against the
real helper: a pasted fake Amazon SMS gets a block-coloured answer that names the fake host as text, with the
official route, and nothing in the answer can be clicked open or called; a number ScamGuard saw on a page it
blocked is reported with when and where."""
import json
import re
import time

import requests

from e2e.support import SCREENSHOTS, Popup, free_port

FAKE_HOST = "amazon-co-jp.account-verify.net"
SMS = ("【Amazon】お客様のアカウントは一時停止されました。24時間以内に下記より情報を更新してください。\n"
       f"https://{FAKE_HOST}/ap/signin\nこのメールは送信専用です。")
EMAIL = ("From: Amazonカスタマーサービス <amazon-info@pd6.so-net.ne.jp>\n"
         "お客様のAmazonアカウントは一時停止されました。24時間以内に更新してください。\n"
         "hxxps://amazon-co-jp[.]account-verify[.]net/ap/signin\n")
NO_LINKS = ("[...document.querySelectorAll('{0} a, {0} [href], {0} [onclick], {0} button')]"
            ".map(e => e.outerHTML)")


def open_popup(browser, lang):
    browser.sw_eval(f"chrome.storage.local.set({{lang: '{lang}'}})")
    popup = Popup(browser, browser.page)
    popup.wait("document.body.dataset.ready === 'true'")
    return popup


def ask(popup, box, field, value, answer):
    """Open the box, type or paste the value, submit, wait for the answer to be drawn."""
    popup.eval(f"document.getElementById('{box}').open = true")
    popup.eval(f"document.getElementById('{field}').value = {json.dumps(value)}")
    popup.eval(f"document.getElementById('{answer}').dataset.ready = 'waiting'")
    popup.eval(f"document.getElementById('{field}').form.requestSubmit()")
    popup.wait(f"document.getElementById('{answer}').dataset.ready === 'true'", timeout=15)


def screenshot(popup, selector, name):
    """The answer, whole: from its top to the end of the popup."""
    popup.screenshot(SCREENSHOTS / name, from_selector=selector)


def pages_open(browser):
    cdp = browser.ctx.browser.new_browser_cdp_session()
    try:
        return len([t for t in cdp.send("Target.getTargets")["targetInfos"] if t["type"] == "page"])
    finally:
        cdp.detach()


def test_pasted_fake_amazon_sms_is_answered_in_plain_words_and_nothing_in_it_is_clickable(browser, site):
    browser.goto(site.url("benign-shop.example", "/benign.html"))
    popup = open_popup(browser, "en")
    try:
        ask(popup, "message-check", "message-text", SMS, "message-answer")
        advice = popup.eval("document.querySelector('#message-answer [data-role=advice]').dataset.status")
        assert advice == "block"
        assert popup.eval("getComputedStyle(document.querySelector('#message-answer [data-role=advice]')).color") \
            == "rgb(183, 28, 28)"                                        # the block red, not the neutral grey
        assert "marks of a scam" in popup.eval("document.querySelector('#message-answer [data-role=advice]').textContent")
        links = popup.eval("[...document.querySelectorAll('#message-answer li[data-role=link]')].map(li => ["
                           "li.dataset.verdict, li.querySelector('.host').textContent,"
                           "li.querySelector('.host-registrable').tagName, li.querySelector('.host-registrable').textContent,"
                           "li.textContent])")
        assert len(links) == 1
        verdict, host, bold_tag, bold, text = links[0]
        assert (verdict, host, bold_tag, bold) == ("block", FAKE_HOST, "STRONG", "account-verify.net")
        assert "Danger" in text
        codes = popup.eval("[...document.querySelectorAll('#message-answer .reasons li[data-code]')].map(e => e.dataset.code)")
        assert "MSG_LINK_NOT_BRAND_DOMAIN" in codes and "MSG_DEADLINE" in codes
        reason = popup.eval("document.querySelector('#message-answer li[data-code=MSG_LINK_NOT_BRAND_DOMAIN] .reason-text').textContent")
        assert reason.startswith("The message speaks for a company")   # our translation, by code
        route = popup.eval("document.querySelector('#message-answer [data-role=route]').textContent")
        assert popup.eval("document.querySelector('#message-answer [data-role=genuine]').textContent") == "amazon.co.jp"
        assert "Help" in route and "#9110" in route and "188" in route
        # Nothing in the answer opens or calls anything: no anchors, no href, no buttons; clicking every
        # address in it opens no page either.
        assert popup.eval(NO_LINKS.format("#message-answer")) == []
        assert "tel:" not in popup.eval("document.getElementById('message-answer').innerHTML")
        before = pages_open(browser)
        popup.eval("document.querySelectorAll('#message-answer li[data-role=link], #message-answer li[data-role=link] *')"
                   ".forEach(e => e.click())")
        browser.page.wait_for_timeout(300)
        assert pages_open(browser) == before
        assert popup.eval("location.pathname") == "/popup.html"
        screenshot(popup, "#message-answer", "popup-message-en.png")
    finally:
        popup.close()

    popup = open_popup(browser, "ja")          # an e-mail: a disguised link and a personal mailbox signing as Amazon
    try:
        ask(popup, "message-check", "message-text", EMAIL, "message-answer")
        assert popup.eval("document.querySelector('#message-answer [data-role=advice]').dataset.status") == "block"
        assert "詐欺の特徴" in popup.eval("document.querySelector('#message-answer [data-role=advice]').textContent")
        link = popup.eval("document.querySelector('#message-answer li[data-role=link]').textContent")
        assert FAKE_HOST in link and "偽装" in link
        sender = popup.eval("document.querySelector('#message-answer li[data-role=sender]').textContent")
        assert "amazon-info@pd6.so-net.ne.jp" in sender and "プロバイダーの個人用アドレス" in sender
        codes = popup.eval("[...document.querySelectorAll('#message-answer .reasons li[data-code]')].map(e => e.dataset.code)")
        assert {"MSG_SENDER_PERSONAL_MAILBOX", "MSG_DISGUISED_LINK"} <= set(codes)
        assert "個人やフリーメール" in popup.eval(
            "document.querySelector('#message-answer li[data-code=MSG_SENDER_PERSONAL_MAILBOX] .reason-text').textContent")
        assert "アドレスバーに amazon.co.jp と自分で入力" in popup.eval(
            "document.querySelector('#message-answer [data-role=route]').textContent")
        assert popup.eval(NO_LINKS.format("#message-answer")) == []
        screenshot(popup, "#message-answer", "popup-message-ja.png")
    finally:
        popup.close()


def wait_for_record(helper, address_part, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = requests.get(helper.url + "/v1/evidence", timeout=5).json()["records"]
        hits = [r for r in records if address_part in r["address"]]
        if hits:
            return hits[0]
        time.sleep(0.1)
    raise AssertionError(f"no record for {address_part}")


def test_a_number_seen_on_a_blocked_page_is_reported_with_when_and_where(browser, site, helper):
    requests.put(helper.url + "/v1/evidence/settings", json={"keep_records": True}, timeout=5)
    host = "phone-seen.notice-board.example"
    page = browser.page
    browser.goto(site.url(host, "/reveal.html"))     # a locker revealed after 1.2 s names 050-1234-5678
    browser.wait_url(page, r"^chrome-extension://[a-z]+/blocked\.html", timeout=12)
    record = wait_for_record(helper, host)
    assert "+815012345678" in record["phones"]
    popup = open_popup(browser, "en")
    try:
        ask(popup, "phone-check", "phone-number", "０５０ー１２３４ー５６７８", "phone-answer")   # typed full-width
        assert popup.eval("document.querySelector('#phone-answer [data-role=number]').textContent") == "050-1234-5678"
        assert popup.eval("document.querySelector('#phone-answer [data-role=summary]').dataset.status") == "block"
        # The headline gives the time in local time, in the reader's language, never as the helper's raw stamp.
        headline = popup.eval("document.querySelector('#phone-answer [data-role=summary]').textContent")
        shown = popup.eval(f"new Date({json.dumps(record['time'])}).toLocaleString('en-GB', {{dateStyle: 'medium', timeStyle: 'short'}})")
        assert shown in headline and not re.search(r"\d{4}-\d\d-\d\dT|\+00:00", headline), headline
        sightings = popup.eval("[...document.querySelectorAll('#phone-answer li[data-role=sighting]')].map(e => e.textContent)")
        mine = [s for s in sightings if host in s]
        assert mine, sightings
        year = record["time"][:4]
        assert mine[0].startswith("Shown on a page ScamGuard blocked, on ") and year in mine[0]
        assert popup.eval("document.querySelector('#phone-answer [data-role=genuine]').textContent") == "amazon.co.jp"
        assert popup.eval(NO_LINKS.format("#phone-answer")) == []
        assert "tel:" not in popup.eval("document.getElementById('phone-answer').innerHTML")
        screenshot(popup, "#phone-answer", "popup-phone-en.png")

        # A number nobody saw: an honest "a number alone proves nothing", no sightings, not red.
        ask(popup, "phone-check", "phone-number", "03-5555-0123", "phone-answer")
        assert popup.eval("document.querySelector('#phone-answer [data-role=summary]').dataset.status") == "unchecked"
        assert "cannot show who answers" in popup.eval("document.querySelector('#phone-answer [data-role=summary]').textContent")
        assert popup.eval("document.querySelectorAll('#phone-answer li[data-role=sighting]').length") == 0

        # The same number inside a pasted message is reported as seen too.
        ask(popup, "message-check", "message-text", "至急 050-1234-5678 までお電話ください。", "message-answer")
        phone = popup.eval("document.querySelector('#message-answer li[data-role=phone]').textContent")
        assert "050-1234-5678" in phone and "+81" not in phone and host in phone
    finally:
        popup.close()


def test_message_check_says_plainly_when_the_helper_is_not_running(browser, site):
    browser.goto(site.url("benign-shop.example", "/benign.html"))
    browser.sw_eval(f"chrome.storage.local.set({{helperUrl: 'http://127.0.0.1:{free_port()}'}})")
    popup = open_popup(browser, "en")
    try:
        ask(popup, "message-check", "message-text", SMS, "message-answer")
        answer = popup.eval("document.getElementById('message-answer').textContent")
        assert "helper is not running, so nothing was checked" in answer and "python -m helper serve" in answer
        assert popup.eval("document.querySelectorAll('#message-answer [data-role=advice]').length") == 0
    finally:
        popup.close()
