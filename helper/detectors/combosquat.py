"""Brand (or a lookalike of it) plus a lure word in one label: amazon-support.jp, info-amazon-membership.net."""
from __future__ import annotations

import re

from ..findings import Finding
from .lookalike import match_token, one_edit
from .random_name import code_tail, machine_made

_PIECES = re.compile(r"[-0-9_]+")
_HYPHENS = re.compile(r"[-_]+")
_WORDS = re.compile(r"[^-0-9_ ]+")


def _brand_in_label(label_u: str, knowledge):
    """(brand, the brand name, what is left of the label) when the label carries a brand or a lookalike of it."""
    for token in knowledge.brand_unicode_tokens:
        name, brand = token
        if name in label_u:
            return brand, name, label_u.replace(name, " ")
    skel = knowledge.skeleton(label_u)
    for name, name_skel, brand in knowledge.brand_tokens:
        if name_skel in skel:
            # Report what was written (amaz0n), so a lookalike spelling counts as misspelt.
            shown = name if name in label_u else next(
                (p for p in _HYPHENS.split(label_u) if name_skel in knowledge.skeleton(p)), label_u)
            return brand, shown, skel.replace(name_skel, " ")
    # Between hyphens first, so that a digit inside a misspelt brand stays in it (amaz0on-login), then also
    # between digits (amazon23, 2amazon).
    for piece in dict.fromkeys(_HYPHENS.split(label_u) + _PIECES.split(label_u)):
        match = match_token(piece, knowledge)
        if match:
            return match.brand, piece, knowledge.skeleton(label_u.replace(piece, " "))
    return None


MIN_OTHER_WORD = 4   # what sits beside an ordinary word is a word of its own (libros, revista), not 1-3 letters


def _inside_ordinary_word(label: str, name: str, brand, knowledge) -> bool:
    """The brand's name in this label is part of an ordinary word beside another word: amazonaslibros, revistaamazonia.
    Not when the label is machine-made as a whole (amazona33vdwhqce6acf: nobody's chosen name glues a word to a code),
    nor when the letters the ordinary word adds to the brand's name begin the next word better than it begins alone
    (amazonen|terprise reads amazon|enterprise; amazonas|libros stays as it is), by the name model."""
    for piece in _PIECES.split(label):
        for w in brand.ordinary_words:
            if name in w and w in piece:
                if machine_made(label):
                    return False
                at = piece.find(w)
                after, added = piece[at + len(w):], w[w.find(name) + len(name):]
                if after and knowledge.name_model.score(added + after) > knowledge.name_model.score(after):
                    continue
                rest = piece.replace(w, "", 1)
                if not rest or len(rest) >= MIN_OTHER_WORD:
                    return True
    return False


def _short_tail(label: str, name: str, brand, knowledge) -> str | None:
    """The code that, with the brand's name, makes up the whole label (amazonzmc → zmc, amazon-a2 → a2, usamazon → us,
    amazontfyg1 → tfyg1, 03amazonhome → 03), or None. Nobody but a fake takes the brand and adds a code. Amazon's own
    such names (amazonpay, amazonses, amazonaws, amznl) are in the owned list and never get here; an ordinary word
    (amazonas, amazone) is not the brand."""
    if not label.isascii() or label in knowledge.owned_labels or _inside_ordinary_word(label, name, brand, knowledge):
        return None   # one of the brand's own names under an ending it never uses (amazonses.xyz): tld_swap's
    bare = label.replace("-", "")
    at = bare.find(name)
    if at < 0:
        return None
    before, after = bare[:at], bare[at + len(name):]
    # The brand at one end and a code at the other; or digits on either side, whatever the other holds.
    tail = after if not before else before if not after else next(
        (p for p in (before, after) if any(c.isdigit() for c in p)), "")
    return tail if code_tail(tail) else None


MIN_JOINED_WORD = 3   # own words of one or two letters (amznl: l) count only alone, never as pieces of a longer word


def _own_word(word: str, own: frozenset[str]) -> bool:
    """Is `word` one of the brand's own words, or made of them (businessblog, primevideodirect)?"""
    if word in own:
        return True
    # ends[i]: word[:i] is made of own words of MIN_JOINED_WORD letters or more (one pass, no backtracking)
    ends = [True] + [False] * len(word)
    for i in range(MIN_JOINED_WORD, len(word) + 1):
        ends[i] = any(ends[j] and word[j:i] in own for j in range(0, i - MIN_JOINED_WORD + 1))
    return ends[-1]


def _unused_word(label: str, name: str, brand, knowledge) -> str | None:
    """The first word beside the brand's name in `label` that the brand never puts beside its name in its own
    domains (amazon-future → future, amazonsnew → snew; amazon-adsystem-stage → stage), or None."""
    own = knowledge.own_name_words.get(brand.id, frozenset())
    return next((w for w in _WORDS.findall(label.replace(name, " ", 1)) if not _own_word(w, own)), None)


def _other_words(label: str, name: str) -> str:
    """What the label holds beside the brand as written (アマゾン-ログイン → ログイン; amaszon-ioosloo → ioosloo)."""
    return "-".join(w for w in _WORDS.findall(label.replace(name, " ", 1)) if w.strip())


MIN_MISSPELT_LURE = 6   # "suport", "scure": a long lure word with one letter wrong is still that word


def lure_in(rest: str, knowledge, misspelt: bool = False) -> str | None:
    """The lure word in `rest` (a skeleton), or with `misspelt`, a piece of it one edit from a long lure word."""
    for word, word_skel in knowledge.lure_skeletons:
        if word_skel in rest:
            return word
    if misspelt:
        for piece in _WORDS.findall(rest):
            if len(piece) >= MIN_MISSPELT_LURE - 1 and any(
                    len(word_skel) >= MIN_MISSPELT_LURE and one_edit(piece, word_skel)
                    for _word, word_skel in knowledge.lure_skeletons):
                return piece
    return None


def detect(ctx, knowledge) -> list[Finding]:
    url = ctx.url
    if url.is_ip:
        return []
    sub_labels = url.host_unicode.split(".")[:len(url.subdomain_labels)]
    for where, label in [("registrable", url.label_unicode)] + [("subdomain", l) for l in sub_labels]:
        # An ordinary word that holds the brand's name (amazonas, amazonite) is not the brand, lure word or not.
        # (Not in a machine-made name: amazona33vdwhqce6acf is the brand beside a code, not the Spanish word.)
        plain = knowledge.without_ordinary_words(label)
        hit = _brand_in_label(label if plain != label and machine_made(label) else plain, knowledge)
        if hit is None:
            continue
        brand, name, rest = hit
        if (where == "registrable" and label in knowledge.owned_labels
                and url.suffix in knowledge.own_name_endings.get(brand.id, ())):
            continue   # one of the brand's own names under an ending it registers its names under (amazonservices.jp)
        misspelt = name not in knowledge.brand_token_names
        # Digits glued to the brand are a word beside it (amazon23.xyz), not the brand alone.
        alone = not rest.strip(" -") and not (misspelt and rest.strip())
        if alone and where == "registrable":
            continue   # the brand alone as the domain: typosquat and tld_swap judge that
        # The lure may sit in the same label or anywhere else left of the suffix (login.account.amazontrl.com);
        # the owner's own name first, so amazon.co.jp.secure-login.xyz names "login", not the "jp" it copies.
        others = [l for l in [url.label_unicode] + sub_labels if l != label]
        word = (None if alone else lure_in(rest, knowledge, misspelt=True)) or next(
            (w for w in (lure_in(knowledge.skeleton(l), knowledge) for l in others) if w), None)
        beside = "lure_word"
        if word is None and (misspelt or not label.isascii()):
            # Nobody but a fake registers a misspelt brand (amaszon-ioosloo) or アマゾン next to other words.
            word = _other_words(label, name)
            beside = "other_word" if word else "nothing_else"
        if word is None and where == "registrable" and not misspelt and not knowledge.abused_ending(url):
            # (Under an abused ending DOMAIN_BRAND_ABUSED_TLD below says more: amazonqb.xyz.)
            word = _short_tail(label, name, brand, knowledge)
            beside = "other_word" if word else beside
        if word is None and where == "subdomain" and knowledge.abused_ending(url):
            word, beside = f".{url.suffix}", "abused_ending"
        if word is not None:
            code = "DOMAIN_COMBOSQUAT" if where == "registrable" else "HOST_BRAND_LURE_SUBDOMAIN"
            told = {"abused_ending": f" under {word}, an ending often used for scams", "nothing_else": ""}.get(
                beside, f" with the word “{word}”")
            # `beside` says what `lure_word` is: a lure word, the label's other word(s), or the abused ending.
            return [Finding(code, {
                "technique": (f"a misspelt brand name ({name})" if misspelt else "the brand name") + told,
                "shown": label, "brand_word": name, "lure_word": word, "beside": beside},
                brand=brand.id)]
        if where == "registrable":
            found = []
            # As a piece of its own (amazon-easy) or glued to other letters (amazonsnew) the brand is a word of the
            # address: a warning on its own, because Amazon itself runs many such names that no list holds in full
            # (amazonsilk, amazonmusic). A block needs more evidence: a word Amazon never puts beside its name
            # (amazon-future), the brand written again on the left (amazon.iamazonclub.com, with
            # HOST_BRAND_IN_SUBDOMAIN), a machine-made piece beside it (amazonm-xgfrq), an ending scams use or one
            # the brand never registers its names under. Never when it is part of an ordinary word beside another
            # word (revistaamazonia, amazonaslibros).
            glued = name not in _PIECES.split(label)
            # Beside letters that look machine-made, in a piece of their own or glued to the brand (amazonm-xgfrq,
            # amazonutyue): nobody's chosen name.
            shape = next((m for m in (machine_made(p, knowledge.letter_clusters, knowledge.name_model)
                                      for p in _HYPHENS.split(label.replace(name, "-", 1)) if p) if m), None)
            # One of the brand's own names under an ending it never uses (amazonses.xyz) is tld_swap's business.
            if not glued or not (misspelt or label in knowledge.owned_labels or _inside_ordinary_word(label, name, brand, knowledge)):
                found.append(Finding("DOMAIN_BRAND_WITH_WORD", {
                    "technique": ("the brand name glued to other letters in someone else's address" if glued
                                  else "the brand name as one word of someone else's address"), "shown": label,
                    "brand_word": name}, brand=brand.id))
            unused = _unused_word(label, name, brand, knowledge) if found and label.isascii() else None
            if unused:
                found.append(Finding("DOMAIN_BRAND_WITH_UNUSED_WORD", {
                    "technique": f"the brand name beside “{unused}”, a word the brand never puts beside its name in "
                                 "its own addresses", "shown": label, "brand_word": name, "lure_word": unused,
                    "beside": "other_word"}, brand=brand.id))
            if shape and found:
                found.append(Finding("HOST_BRAND_ON_MACHINE_NAME", {
                    "technique": f"the brand name beside letters that look machine-made: {shape}",
                    "shown": url.registrable_unicode, "real_owner": url.registrable_unicode}, brand=brand.id))
            if knowledge.abused_ending(url):
                found.append(Finding("DOMAIN_BRAND_ABUSED_TLD", {
                    "technique": f"the brand name under .{url.suffix}, an ending often used for scams",
                    "shown": url.registrable_unicode, "brand_word": name}, brand=brand.id))
            elif found and url.suffix not in knowledge.own_name_endings.get(brand.id, ()):
                # Amazon registers its own names under .com, .org, the stores' country endings …; beside a word
                # under any other (amazonzbzc.co, amazon-line.cloud) the name is someone else's pose.
                found.append(Finding("DOMAIN_BRAND_FOREIGN_ENDING", {
                    "technique": f"the brand name beside another word under .{url.suffix}, an ending the brand never "
                                 "uses for its own names", "shown": url.registrable_unicode,
                    "real_owner": url.registrable_unicode}, brand=brand.id))
            if found:
                return found
    return []
