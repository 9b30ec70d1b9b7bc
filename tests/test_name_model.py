"""The character n-gram model of chosen names (helper/data/name_model.tsv, scripts/build_name_model.py): what
random_name reads to tell a made-up name that can be said from one people choose."""
import subprocess
import sys
from pathlib import Path

import pytest

from helper.detectors.random_name import machine_made
from helper.knowledge import Knowledge

ROOT = Path(__file__).resolve().parents[1]
TRANCO = ROOT.parent / "shared" / "data" / "benign_domains_tranco_50001-100000.tsv"
WORDS = Path("/usr/share/dict/american-english")


@pytest.fixture(scope="module")
def knowledge():
    return Knowledge()


def test_made_up_names_that_can_be_said_score_under_chosen_ones(knowledge):
    model = knowledge.name_model
    made_up = ["wobuiqe", "zuvoefi", "fuiqoeb"]
    chosen = ["qualtrics", "zendesk", "atlassian", "sharepoint", "smartrecruiters", "greenhouse", "kaltura"]
    assert max(model.score(w) for w in made_up) < model.threshold < min(model.score(w) for w in chosen)
    # the letter clusters alone let these through: the model is what catches them
    assert [machine_made(w, knowledge.letter_clusters) for w in made_up] == [None] * 3
    assert all(machine_made(w, knowledge.letter_clusters, model) for w in made_up)


def test_short_pieces_are_not_judged(knowledge):
    # four letters or fewer are abbreviations as often as noise (ntp, sjv): the model never sees them
    assert machine_made("qxuo", knowledge.letter_clusters, knowledge.name_model) is None


@pytest.mark.skipif(not TRANCO.exists() or not WORDS.exists(),
                    reason="the shared Tranco list or Debian's wamerican word list is not on this machine")
def test_the_committed_model_is_what_the_script_makes():
    made = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_name_model.py"), str(TRANCO), str(WORDS)],
                          capture_output=True, text=True, check=True, timeout=120).stdout
    assert made == (ROOT / "helper" / "data" / "name_model.tsv").read_text(encoding="utf-8")
