#!/usr/bin/env python3
"""Rebuild the benign side of the real-page corpus from open-source web apps' templates (nothing runs).

Reads `benign_repos.tsv` (folder, repo, path glob, lang, render, site, description): for each row, the files of the
repository snapshot (`fetch` by the search tool, /work/.mirror/OWNER+NAME/repo, its HEAD commit) whose path matches the
glob are read with git and rendered statically into the HTML a visitor would get, as far as that is possible without
the app: template tags are dropped, their words are put back from the app's own message catalogue (EC-CUBE 4 Twig
`'key'|trans` from messages.ja.yaml; Redmine ERB `l(:key)` from config/locales/<lang>.yml; phpBB `{L_KEY}` and
`lang('KEY')` from language/en/*.php), and form helpers become the field they make (`form_widget(form.login_pass)`,
`password_field_tag` -> <input type="password">). A fragment without <html> is wrapped in a page whose title is
"SITE / first heading". Each folder gets a manifest.tsv in helper/page_corpus.py's format (source = the repository)
and `holdout-guard` is run on it, deleting what it names.

Not run on CI: it needs the snapshots and /work/shared/tools/holdout-guard.

    .venv/bin/python scripts/corpus/benign_repos.py [--list scripts/corpus/benign_repos.tsv] [--out /work/corpus/pages]
"""
from __future__ import annotations

import argparse
import csv
import fnmatch
import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIRRORS = Path("/work/.mirror")
GUARD = Path("/work/shared/tools/holdout-guard")
HEADER = ["file", "label", "family", "lang", "source", "served_on", "origin", "description"]


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").decode().strip()


def files(repo: Path, commit: str) -> list[str]:
    return git(repo, "ls-tree", "-r", "--name-only", commit).decode("utf-8", "replace").splitlines()


def show(repo: Path, commit: str, path: str) -> str:
    return git(repo, "show", f"{commit}:{path}").decode("utf-8", "replace")


# --- message catalogues -------------------------------------------------------------------------------------------

def flat_yaml(text: str) -> dict[str, str]:
    """`key: value` lines, nested by indentation (Rails locales) or flat dotted keys (EC-CUBE); enough for both."""
    out, stack = {}, []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^( *)([\w.\-]+):\s*(.*)$", line)
        if not m:
            continue
        depth = len(m.group(1))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        key, val = m.group(2), m.group(3).strip()
        if val and not val.startswith(("|", ">", "&", "*")):
            full = ".".join([k for _, k in stack] + [key])
            out[full] = val.strip("\"'")
        else:
            stack.append((depth, key))
    return out


def php_lang(text: str) -> dict[str, str]:
    return {k: v.replace("\\'", "'") for k, v in re.findall(r"'([A-Z0-9_]+)'\s*=>\s*'((?:[^'\\]|\\.)*)'", text)}


class Catalogue:
    def __init__(self, repo: Path, commit: str, render: str, lang: str):
        self.words: dict[str, str] = {}
        names = files(repo, commit)
        if render == "twig-eccube":
            for p in names:
                if p.endswith("locale/messages.ja.yaml"):
                    self.words.update(flat_yaml(show(repo, commit, p)))
        elif render == "erb-rails":
            for p in names:
                if p == f"config/locales/{lang}.yml":
                    self.words.update({k.split(".", 1)[-1]: v for k, v in flat_yaml(show(repo, commit, p)).items()})
        elif render == "roundcube":
            loc = {"ja": "ja_JP", "en": "en_US"}[lang]
            for p in names:
                if re.match(rf"(?:program/localization/{loc}/(?:labels|messages)|plugins/\w+/localization/{loc})\.inc$", p):
                    text = show(repo, commit, p)
                    self.words.update(dict(re.findall(r"\$(?:labels|messages)\['([\w.-]+)'\]\s*=\s*'((?:[^'\\]|\\.)*)'",
                                                      text)))
        elif render == "phpbb":
            for p in names:
                if re.match(r"phpBB/language/en/[^/]+\.php$", p):
                    self.words.update(php_lang(show(repo, commit, p)))

    def get(self, key: str) -> str:
        v = self.words.get(key, "")
        return re.sub(r"%\{?\w+\}?|%[sd]", "", v)


# --- rendering ----------------------------------------------------------------------------------------------------

def field(name: str, kind: str = "") -> str:
    """The input a form helper makes; its type from the helper or, for Symfony's form_widget, from the field path."""
    n = name.lower()
    kind = kind or ("password" if "pass" in n else "email" if "mail" in n else "tel" if "tel" in n or "phone" in n
                    else "text")
    return f'<input type="{kind}" name="{html.escape(name.split(".")[-1])}">'


def render_twig(src: str, cat: Catalogue) -> str:
    src = re.sub(r"(?s)\{#.*?#\}", "", src)
    src = re.sub(r"(?s)\{\{\s*form_(?:widget|row)\(\s*form\.([\w.]+).*?\)\s*\}\}",
                 lambda m: field(m.group(1)), src)
    src = re.sub(r"(?s)\{\{\s*form_label\(\s*form\.[\w.]+\s*,\s*'([^']*)'.*?\)\s*\}\}",
                 lambda m: f"<label>{html.escape(cat.get(m.group(1)) or m.group(1))}</label>", src)
    src = re.sub(r"(?s)\{\{\s*'([\w.]+)'\s*\|\s*trans[^}]*\}\}", lambda m: html.escape(cat.get(m.group(1))), src)
    src = re.sub(r"(?s)'([\w.]+)'\s*\|\s*trans", lambda m: cat.get(m.group(1)), src)
    return re.sub(r"(?s)\{\{.*?\}\}|\{%.*?%\}", "", src)


def render_erb(src: str, cat: Catalogue) -> str:
    def tag(m):
        code = m.group(1)
        if m.group(0).startswith("<%#"):
            return ""
        if "password_field" in code:
            name = re.search(r"password_field(?:_tag)?\s*\(?\s*:?'?\"?(\w+)", code)
            return field(name.group(1) if name else "password", "password")
        if re.search(r"\b(text|email)_field", code):
            name = re.search(r"(?:text|email)_field(?:_tag)?\s*\(?\s*:?'?\"?(\w+)", code)
            return field(name.group(1) if name else "text", "email" if "email_field" in code else "text")
        if "submit_tag" in code or ".submit" in code:
            key = re.search(r"l\(:(\w+)\)", code)
            return f'<input type="submit" value="{html.escape(cat.get(key.group(1)) if key else "")}">'
        if not m.group(0).startswith("<%="):
            return ""
        keys = re.findall(r"\bl\(:(\w+)\)", code)
        return " ".join(html.escape(cat.get(k)) for k in keys)
    return re.sub(r"(?s)<%=?#?(.*?)-?%>", tag, src)


def render_phpbb(src: str, cat: Catalogue) -> str:
    src = re.sub(r"\{L_([A-Z0-9_]+)\}", lambda m: html.escape(cat.get(m.group(1))), src)
    src = re.sub(r"\{\{\s*lang\('([A-Z0-9_]+)'\)\s*\}\}", lambda m: html.escape(cat.get(m.group(1))), src)
    src = re.sub(r"(?s)<!--\s*(?:INCLUDE|IF|ELSE|ENDIF|BEGIN|END|DEFINE|EVENT)[^>]*-->", "", src)
    return re.sub(r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{[A-Z0-9_.$]+\}", "", src)


def render_roundcube(src: str, cat: Catalogue) -> str:
    """Roundcube skin templates: labels from program/localization; the login form object is the username and
    password fields Roundcube's PHP writes there."""
    login = (f'<table><tr><td><label for="rcmloginuser">{html.escape(cat.get("username"))}</label></td><td>'
             '<input name="_user" id="rcmloginuser" type="text" autocomplete="username"></td></tr><tr><td>'
             f'<label for="rcmloginpwd">{html.escape(cat.get("password"))}</label></td><td><input name="_pass" '
             'id="rcmloginpwd" type="password" autocomplete="current-password"></td></tr></table>'
             f'<button type="submit">{html.escape(cat.get("login"))}</button>')
    src = re.sub(r'<roundcube:label name="([\w.:-]+)"[^>]*/>',
                 lambda m: html.escape(cat.get(m.group(1).split(".")[-1])), src)
    src = re.sub(r'<roundcube:object name="loginform"[^>]*/>', login, src)
    src = re.sub(r'<roundcube:object name="productname"[^>]*/>', "Roundcube Webmail", src)
    src = re.sub(r'<roundcube:form\b', "<form", src)
    return re.sub(r"(?s)<roundcube:[^>]*>", "", src)


def render_smarty(src: str, cat: Catalogue) -> str:
    return re.sub(r"(?s)<!--\{.*?\}-->", "", src)


def render_ejs(src: str, cat: Catalogue) -> str:
    return re.sub(r"(?s)<%.*?%>", "", src)


def render_html(src: str, cat: Catalogue) -> str:
    return src


RENDERERS = {"roundcube": render_roundcube, "twig-eccube": render_twig, "erb-rails": render_erb, "phpbb": render_phpbb, "smarty": render_smarty,
             "ejs": render_ejs, "html": render_html}


def patched(repo: Path, commit: str, patch_spec: str) -> tuple[dict[str, str], str]:
    """The repository's files as a plugin's patch leaves them (`owner/name:path`, applied with patch -p1 -f;
    hunks that do not apply are left out): {path: text} of the files the patch touches, and the patch's origin."""
    prepo, ppath = patch_spec.split(":", 1)
    pmirror = MIRRORS / prepo.replace("/", "+") / "repo"
    pcommit = head(pmirror)
    diff = show(pmirror, pcommit, ppath)
    touched = sorted(set(re.findall(r"^\+\+\+ b/(\S+)", diff, re.M)))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        present = [p for p in touched if p in set(files(repo, commit))]
        for p in present:
            dest = Path(tmp) / p
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(show(repo, commit, p), encoding="utf-8")
        subprocess.run(["patch", "-p1", "-f", "-s", "--no-backup-if-mismatch", "-r", "-"], cwd=tmp,
                       input=diff.encode("utf-8"), capture_output=True)
        for p in present:
            out[p] = (Path(tmp) / p).read_text(encoding="utf-8", errors="replace")
    return out, f"{prepo}@{pcommit}:{ppath}"


def blank_php(src: str) -> str:
    return re.sub(r"(?s)<\?(?:php|=)?.*?(?:\?>|$)", "", src)


def wrap(body: str, lang: str, site: str) -> str:
    if re.search(r"(?i)<html", body):
        return body
    h = re.search(r"(?is)<h[12][^>]*>(.*?)</h[12]>", body)
    heading = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", h.group(1))).strip() if h else ""
    title = f"{site} / {heading}" if heading else site
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}'
            f"</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def visible_len(page: str) -> int:
    s = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", page)
    return len(re.sub(r"\s+", "", html.unescape(re.sub(r"(?s)<[^>]+>", " ", s))))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", default=str(HERE / "benign_repos.tsv"))
    ap.add_argument("--out", default="/work/corpus/pages")
    ap.add_argument("--min-text", type=int, default=20, help="skip pages with fewer visible characters")
    a = ap.parse_args(argv)
    rows: dict[str, list[dict]] = {}
    cats: dict[tuple, Catalogue] = {}
    with open(a.list, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader((l for l in fh if not l.startswith("#")), delimiter="\t"):
            mirror = MIRRORS / r["repo"].replace("/", "+") / "repo"
            if not mirror.is_dir():
                print(f"missing snapshot {r['repo']} (fetch it first)", file=sys.stderr)
                continue
            commit = head(mirror)
            key = (r["repo"], r["render"], r["lang"])
            if key not in cats:
                cats[key] = Catalogue(mirror, commit, r["render"], r["lang"])
            texts, with_patch = {}, ""
            if (r.get("patch") or "").strip():
                texts, with_patch = patched(mirror, commit, r["patch"].strip())
            for path in (sorted(texts) if with_patch else files(mirror, commit)):
                if not fnmatch.fnmatch(path, r["path"]) or re.search(r"(?i)mail_?templates?/|/Mail/", path):
                    continue
                raw = texts[path] if with_patch else show(mirror, commit, path)
                page = RENDERERS[r["render"]](blank_php(raw), cats[key])
                page = wrap(page, r["lang"], r["site"])
                if visible_len(page) < a.min_text:
                    continue
                tag = r["repo"].split("/")[1] + ("+" + r["patch"].split(":")[0].split("/")[1] if with_patch else "")
                name = f"{r['lang']}_{tag}__" + re.sub(r"[^\w.-]+", "_", path).rsplit(".", 1)[0]
                out = Path(a.out) / r["folder"]
                out.mkdir(parents=True, exist_ok=True)
                (out / f"{name}.html").write_text(page, encoding="utf-8")
                rows.setdefault(r["folder"], []).append({
                    "file": f"{name}.html", "label": "benign", "family": "benign_page", "lang": r["lang"],
                    "source": r["repo"], "served_on": "",
                    "origin": f"{r['repo']}@{commit}:{path}" + (f" patched by {with_patch}" if with_patch else ""),
                    "description": r["description"]})
    for folder, entries in rows.items():
        out = Path(a.out) / folder
        named = subprocess.run([str(GUARD), str(out)], capture_output=True, text=True).stdout if GUARD.exists() else ""
        drop = {Path(w).name for line in named.splitlines() for w in line.split() if w.endswith(".html")}
        for f in drop:
            (out / f).unlink(missing_ok=True)
            print(f"holdout-guard named {folder}/{f}: dropped", file=sys.stderr)
        kept = {e["file"]: e for e in entries if e["file"] not in drop}
        with open(out / "manifest.tsv", "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, HEADER, delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(kept.values())
        print(f"{folder}: {len(kept)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
