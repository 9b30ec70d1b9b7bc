"""Behaviour signals (helper/detectors/page_signals.py): no single behaviour blocks; loops confirm scare text."""
import pytest

from conftest import codes

URL = "https://page-test.example/"
BEHAVIOUR = {"PAGE_FULLSCREEN_LOOP", "PAGE_INPUT_LOCK", "PAGE_DIALOG_LOOP", "PAGE_HISTORY_LOOP",
             "PAGE_NOTIFICATION_LOOP", "PAGE_ALARM_AUDIO"}
CLAIM = "お使いのコンピューターはロックされています"

CASES = [
    # id, text, signals, verdict, must fire, must not fire
    ("video: full screen once, autoplay", "", {"fullscreen_requests": 1, "fullscreen_changes": 2,
                                                "audio_autoplay": 1, "cursor_hidden": 1}, "allow", set(), BEHAVIOUR),
    ("game: full screen and pointer lock", "", {"fullscreen_requests": 1, "fullscreen_changes": 1,
                                                 "pointer_lock": 1}, "allow", {"PAGE_INPUT_LOCK"},
     BEHAVIOUR - {"PAGE_INPUT_LOCK"}),
    ("full-screen loop alone", "", {"fullscreen_changes": 12}, "allow", {"PAGE_FULLSCREEN_LOOP"},
     {"PAGE_ALARM_AUDIO"}),
    ("full-screen loop + scare text", CLAIM, {"fullscreen_changes": 12}, "block",
     {"PAGE_FULLSCREEN_LOOP", "PAGE_TSS_INFECTION_CLAIM"}, set()),
    ("request loop counts too", "", {"fullscreen_requests": 6}, "allow", {"PAGE_FULLSCREEN_LOOP"}, set()),
    ("alert loop", "", {"dialogs": 5, "beforeunload": 1}, "allow", {"PAGE_DIALOG_LOOP"}, set()),
    ("print loop", "", {"print_calls": 3}, "allow", {"PAGE_DIALOG_LOOP"}, set()),
    ("one alert is no loop", "", {"dialogs": 1, "beforeunload": 1}, "allow", set(), BEHAVIOUR),
    ("history flood", "", {"history_changes": 500}, "allow", {"PAGE_HISTORY_LOOP"}, set()),
    ("single-page app navigation", "", {"history_changes": 20}, "allow", set(), BEHAVIOUR),
    ("notification prompts", "", {"notification_requests": 2, "audio_autoplay": 1}, "allow",
     {"PAGE_NOTIFICATION_LOOP"}, {"PAGE_ALARM_AUDIO"}),
    ("alarm with a scare claim", CLAIM, {"audio_autoplay": 1, "speech": 1}, "warn",
     {"PAGE_ALARM_AUDIO", "PAGE_TSS_INFECTION_CLAIM"}, set()),
    ("locker without words", "", {"fullscreen_changes": 30, "keyboard_lock": 1, "dialogs": 9, "audio_autoplay": 1},
     "block", {"PAGE_FULLSCREEN_LOOP", "PAGE_INPUT_LOCK", "PAGE_DIALOG_LOOP", "PAGE_ALARM_AUDIO"}, set()),
]


@pytest.mark.parametrize("name,text,signals,verdict,must,must_not", CASES, ids=[c[0] for c in CASES])
def test_signal_cases(engine, name, text, signals, verdict, must, must_not):
    v = engine.verdict(URL, {"text": text, "signals": signals})
    found = codes(v)
    assert must <= found, (name, found)
    assert not (must_not & found), (name, found)
    assert v["verdict"] == verdict, (name, v["score"], found)


def test_genuine_amazon_is_never_judged_by_behaviour(engine):
    v = engine.verdict("https://www.amazon.co.jp/gp/video/detail/B0", {"signals": {"fullscreen_changes": 50,
                                                                                   "keyboard_lock": 1}})
    assert not codes(v) & BEHAVIOUR


def test_signal_evidence_names_the_counts(engine):
    v = engine.verdict(URL, {"signals": {"history_changes": 800}})
    ev = next(r["evidence"] for r in v["reasons"] if r["code"] == "PAGE_HISTORY_LOOP")
    assert ev["history_changes"] == 800 and ev["technique"]
