"""Benign pages of open-source web apps (sign-in, shop, card entry, Amazon Pay merchant samples), rendered from
their templates by scripts/corpus/benign_repos.py into /work/corpus/pages/benign_* (outside the repository).
The renderer is checked on small inline templates; the corpus check skips when the corpus is absent (CI)."""
import csv
import importlib.util
import os
from pathlib import Path

import pytest

from helper.page_corpus import judge, read_corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("SCAMGUARD_PAGES", "/work/corpus/pages"))
APP_FOLDERS = ("benign_signin", "benign_shop_ja", "benign_card", "benign_amazon")


def _script():
    spec = importlib.util.spec_from_file_location("benign_repos", ROOT / "scripts/corpus/benign_repos.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _Cat:
    def __init__(self, words):
        self.words = words

    def get(self, key):
        return self.words.get(key, "")


def test_twig_form_widgets_become_the_fields_they_make():
    b = _script()
    src = ("<h1>{{ 'common.login'|trans }}</h1><form>{{ form_widget(form.login_pass, {'attr': {'placeholder':"
           " 'common.password' }}) }}{{ form_widget(form.password.first) }}{{ form_label(form.cardno, 'カード番号') }}"
           "{{ form_widget(form.cardno) }}{% if x %}{{ y }}{% endif %}</form>")
    out = b.render_twig(src, _Cat({"common.login": "ログイン"}))
    assert "<h1>ログイン</h1>" in out
    assert out.count('type="password"') == 2 and 'name="cardno"' in out and "<label>カード番号</label>" in out
    assert "{{" not in out and "{%" not in out


def test_erb_helpers_and_rails_words():
    b = _script()
    src = ("<label><%=l(:field_password)%></label><%= password_field_tag 'password', nil %>"
           "<%= text_field_tag 'username', params[:username] %><% if x %><%= submit_tag l(:button_login) %><% end %>")
    out = b.render_erb(src, _Cat({"field_password": "パスワード", "button_login": "ログイン"}))
    assert "<label>パスワード</label>" in out and '<input type="password" name="password">' in out
    assert '<input type="text" name="username">' in out and 'value="ログイン"' in out and "<%" not in out


def test_rails_locale_and_php_language_files_are_read():
    b = _script()
    assert b.flat_yaml("ja:\n  field_password: パスワード\n  label: \"x\"\n")["ja.field_password"] == "パスワード"
    assert b.php_lang("$lang = array_merge($lang, array('LOGIN' => 'Login', 'IT\\'S' => 'it\\'s'));")["LOGIN"] == "Login"


def test_a_fragment_is_wrapped_with_a_title_from_its_heading():
    b = _script()
    page = b.wrap("<h2>会員ログイン</h2><form></form>", "ja", "EC-CUBE SHOP")
    assert "<title>EC-CUBE SHOP / 会員ログイン</title>" in page and '<html lang="ja">' in page


@pytest.mark.skipif(not (CORPUS / "benign_signin" / "manifest.tsv").exists(),
                    reason="the real-page corpus is not on this machine")
def test_open_source_sign_in_shop_and_card_pages_are_not_flagged(engine):
    entries = [e for e in read_corpus(CORPUS) if e.folder in APP_FOLDERS]
    judged = judge(engine, entries)
    flagged = [(j.entry.file, j.verdict, j.codes) for j in judged if j.verdict != "allow"]
    assert len(judged) >= 150 and not flagged, flagged
