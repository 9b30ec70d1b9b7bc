"""Property tests: any string, page object or HTML yields a verdict or an InputError with a stable code."""
import json
import string

from hypothesis import HealthCheck, example, given, settings, strategies as st

from helper.context import InputError, parse_page, parse_url
from helper.html_extract import extract_page

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BIG = settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CODES = {"bad_url", "unsupported_scheme", "bad_host", "bad_port", "url_too_long", "bad_page"}
TRICKY = "\u200b\u200c\u200d\u202e\u202d\u2066\ufeff\u00ad%.:@[]/\\。．｡ -_xn--XN--аоеАmazon0123456789ß\u0301\ud800"

label = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), min_size=0, max_size=70)
hosts = st.lists(label, min_size=1, max_size=6).map(".".join)
urls = st.one_of(
    st.text(max_size=300),
    st.builds(lambda s, h, p: f"{s}://{h}{p}", st.sampled_from(["http", "https", "HTTP", "ftp", "javascript"]),
              hosts, st.sampled_from(["", "/", ":8080/", ":0/", ":99999/", "/ap/signin?x=1#y", "@evil.example/"])),
    st.builds(lambda h, z: f"http://[{h}%{z}]/", st.sampled_from(["fe80::1", "::1", "x", ""]), st.text(max_size=10)),
    st.builds(lambda b: "http://" + "".join(f"%{c:02x}" for c in b) + "/", st.binary(max_size=40)),
)


def judged(engine, url, page=None):
    try:
        v = engine.verdict(url, page)
    except InputError as exc:
        assert exc.code in CODES and exc.message
        return None
    json.dumps(v, ensure_ascii=False).encode("utf-8")   # the API can always send it
    assert v["verdict"] in ("allow", "warn", "block") and 0 <= v["score"] <= 100
    host = v["host"]["ascii"]
    assert host.isascii() and 0 < len(host) <= 253
    return v


@FAST
@given(url=urls)
@example("http://xn--zz/")
@example("http://XN--80AK6AA92E.com/")
@example("http://" + "a" * 64 + ".com/")
@example("http://" + ("a" * 63 + ".") * 4 + "com/")
@example("http://%61mazon.co.jp/")
@example("http://[fe80::1%25eth0]:8080/")
@example("http://amazon\u202e.co.jp/")
@example("http://\u200bamazon.co.jp/")
def test_any_url_is_judged_or_refused_with_a_code(engine, url):
    judged(engine, url)


@FAST
@given(url=urls)
def test_parse_url_hosts_are_valid_dns_names(url):
    try:
        ctx = parse_url(url)
    except InputError:
        return
    if not ctx.is_ip:
        assert len(ctx.host_ascii) <= 253
        assert all(0 < len(l) <= 63 for l in ctx.host_ascii.split("."))
        assert ctx.host_ascii == ctx.host_ascii.lower() and not ctx.host_ascii.endswith(".")


@FAST
@given(bad=st.text(alphabet="\u200b\u202e\u2066\ufeff", min_size=1, max_size=3), pos=st.integers(0, 6))
def test_invisible_and_bidi_characters_do_not_hide_a_lookalike(engine, bad, pos):
    host = "amaz0n.co.jp"
    v = judged(engine, "http://" + host[:pos] + bad + host[pos:] + "/")
    assert v is None or v["verdict"] != "allow"


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                           lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids,
                                                                                     max_size=4), max_leaves=20)
page_keys = st.sampled_from(["title", "text", "lang", "image_alts", "forms", "signals", "other"])
pages = st.one_of(json_values, st.dictionaries(page_keys, json_values, max_size=6), st.fixed_dictionaries({
    "text": st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=200),
    "forms": st.lists(st.fixed_dictionaries({"action": st.text(max_size=40),
                                             "fields": st.lists(st.sampled_from(["password", "card_number", "otp",
                                                                                 "x", ""]), max_size=4)}), max_size=3),
    "signals": st.dictionaries(st.sampled_from(["dialogs", "fullscreen_requests", "history_changes", "x"]),
                               st.integers(-2, 2**70), max_size=3)}))


@FAST
@given(page=pages)
def test_any_page_value_is_judged_or_bad_page(engine, page):
    judged(engine, "https://amazon-account-verify.example/signin", page)


@BIG
@given(unit=st.sampled_from(["a", "あ", "\u200b", "amazon 050-1234-5678 ", "\u202e"]), extra=st.integers(0, 10))
def test_ten_megabyte_texts_are_scored(engine, unit, extra):
    text = unit * (10_000_000 // len(unit) + extra)
    v = judged(engine, "https://x.example/", {"text": text, "title": text})
    assert v is not None
    assert parse_page({"text": text}).text_truncated_from == len(text)


html_text = st.lists(st.sampled_from(list("<>/=\"' !-&;#x") + ["<div>", "<form>", "<input type=password>", "<title>",
                                                                "<script>", "<!--", "<![CDATA[", "<svg>", "&#0;",
                                                                "&#x110000;", "\u202e", "amazon"])
                     | st.characters(), max_size=200).map("".join)


@FAST
@given(html=st.one_of(html_text, st.binary(max_size=400)))
def test_any_html_extracts_to_a_page_the_engine_accepts(engine, html):
    page = extract_page(html, "https://amazon-account-verify.example/")
    json.dumps(page, ensure_ascii=False).encode("utf-8")
    assert judged(engine, "https://amazon-account-verify.example/", page) is not None


@BIG
@given(depth=st.sampled_from([10_000, 100_000]), tag=st.sampled_from(["div", "form", "table", "b", "select"]),
       close=st.booleans())
def test_deeply_nested_and_truncated_html(engine, depth, tag, close):
    html = f"<{tag}>" * depth + "amazon password" + (f"</{tag}>" * depth if close else "<inp")
    page = extract_page(html, "https://x.example/")
    assert judged(engine, "https://x.example/", page) is not None


@BIG
@given(charset=st.sampled_from(["shift_jis", "euc-jp", "utf-16", "x-unknown", "utf-8"]), junk=st.binary(min_size=1,
                                                                                                         max_size=200))
def test_non_utf8_bytes_in_any_declared_charset(engine, charset, junk):
    html = f'<meta charset="{charset}"><title>'.encode() + junk + b"\xff\xfe\x80</title>" + junk * 1000
    page = extract_page(html, "https://x.example/")
    json.dumps(page, ensure_ascii=False).encode("utf-8")
    assert judged(engine, "https://x.example/", page) is not None
