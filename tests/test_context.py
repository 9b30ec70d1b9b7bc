"""parse_url: one normalisation for every detector, including the tricks the sources describe."""
import pytest

from helper.context import UrlError, parse_url


@pytest.mark.parametrize("raw, host, registrable, label", [
    ("https://www.amazon.co.jp/gp/help", "www.amazon.co.jp", "amazon.co.jp", "amazon"),
    ("HTTPS://WWW.AMAZON.CO.JP./", "www.amazon.co.jp", "amazon.co.jp", "amazon"),
    ("https://amazon。co。jp/", "amazon.co.jp", "amazon.co.jp", "amazon"),
    ("https://amazon．co．jp/", "amazon.co.jp", "amazon.co.jp", "amazon"),
    ("https://ａｍａｚｏｎ.co.jp/", "amazon.co.jp", "amazon.co.jp", "amazon"),
    ("http://%61mazon.com/", "amazon.com", "amazon.com", "amazon"),
    ("amazon.co.jp.secure-login.xyz", "amazon.co.jp.secure-login.xyz", "secure-login.xyz", "secure-login"),
    ("http://аmazon.com/", "xn--mazon-3ve.com", "xn--mazon-3ve.com", "xn--mazon-3ve"),
    ("http://XN--MAZON-3VE.com/", "xn--mazon-3ve.com", "xn--mazon-3ve.com", "xn--mazon-3ve"),
    ("https://foo.workers.dev/x", "foo.workers.dev", "foo.workers.dev", "foo"),
    # a host that a wildcard entry of the list covers whole (*.bd, *.my.canva.site): its leftmost label is the name
    # chosen there, not a host with no owner
    ("http://arnazon.bd/", "arnazon.bd", "arnazon.bd", "arnazon"),
    ("https://amazon-login.my.canva.site/", "amazon-login.my.canva.site", "amazon-login.my.canva.site", "amazon-login"),
])
def test_hosts_are_normalised_once(raw, host, registrable, label):
    u = parse_url(raw)
    assert (u.host_ascii, u.registrable, u.label) == (host, registrable, label)


@pytest.mark.parametrize("raw", ["http://xn--mazon-3ve.com/", "http://XN--MAZON-3VE.COM/", "http://Xn--Mazon-3ve.com/"])
def test_unicode_and_punycode_side_by_side(raw):
    u = parse_url(raw)
    assert u.host_unicode == "аmazon.com" and u.registrable_unicode == "аmazon.com"


@pytest.mark.parametrize("raw, ip, obfuscated", [
    ("http://3232235777/", "192.168.1.1", True),
    ("http://0xC0.0xA8.0x01.0x01/", "192.168.1.1", True),
    ("http://0300.0250.01.01/", "192.168.1.1", True),
    ("http://203.0.113.5/amazon.co.jp/", "203.0.113.5", False),
    ("http://[2001:db8::1]:8080/", "2001:db8::1", False),
    ("http://[fe80::1%25eth0]/", "fe80::1", False),
])
def test_ip_hosts_in_every_form(raw, ip, obfuscated):
    u = parse_url(raw)
    assert u.ip == ip and u.is_ip
    assert ("obfuscated_ip" in u.notes) is obfuscated


def test_userinfo_trick_is_separated_from_the_real_host():
    u = parse_url("https://amazon.co.jp@evil.example/")
    assert u.userinfo == "amazon.co.jp" and u.host_ascii == "evil.example"


def test_port_and_path_are_kept():
    u = parse_url("http://amaz0n.test:8765/login")
    assert u.port == 8765 and u.path == "/login"


@pytest.mark.parametrize("raw, code", [
    ("javascript:alert(1)", "unsupported_scheme"),
    ("data:text/html,hi", "unsupported_scheme"),
    ("ftp://amazon.co.jp/", "unsupported_scheme"),
    ("chrome://settings", "unsupported_scheme"),
    ("", "bad_url"),
    ("http://", "bad_host"),
    ("http://xn--zz/", "bad_host"),
    ("http://XN--ZZ.com/", "bad_host"),
    ("http://" + "a" * 64 + ".com/", "bad_host"),
    ("http://" + ".".join(["abcdefghi"] * 30) + "/", "bad_host"),
    ("http://exa mple.com/", "bad_host"),
    ("http://example.com:99999/", "bad_port"),
    ("http://[::1/", "bad_url"),
    ("http://" + "a" * 9000, "url_too_long"),
])
def test_bad_input_gets_a_stable_error_code(raw, code):
    with pytest.raises(UrlError) as exc:
        parse_url(raw)
    assert exc.value.code == code and exc.value.message


def test_invisible_characters_are_removed_and_noted():
    u = parse_url("http://ama\u200bzon.com/")
    assert u.host_ascii == "amazon.com" and "invisible_characters" in u.notes
