"""The words a reason's evidence quotes are the ones in the address: the lure beside the brand is the owner's
word ("login"), not a piece of the copied address ("jp"), and a label with no lure word names its other word
instead of a placeholder."""
import pytest

from helper import create_app


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


@pytest.mark.parametrize("url, code, word, beside", [
    ("http://amazon.co.jp.secure-login.xyz/ap/signin", "HOST_BRAND_LURE_SUBDOMAIN", "secure", "lure_word"),
    ("http://アマゾン-ログイン.com/", "DOMAIN_COMBOSQUAT", "ログイン", "other_word"),
    ("http://amaszon-ioosloo.com/", "DOMAIN_COMBOSQUAT", "ioosloo", "other_word"),
    ("http://amazon.foo.xyz/", "HOST_BRAND_LURE_SUBDOMAIN", ".xyz", "abused_ending"),
    ("http://amazon-support.jp/", "DOMAIN_COMBOSQUAT", "support", "lure_word"),
])
def test_the_word_beside_the_brand_is_the_one_written(client, url, code, word, beside):
    reasons = {r["code"]: r["evidence"] for r in client.post("/v1/verdict", json={"url": url}).get_json()["reasons"]}
    assert reasons[code]["lure_word"] == word and reasons[code]["beside"] == beside
    assert "(another" not in reasons[code]["technique"] and "(under" not in reasons[code]["technique"]
