"""scripts/setup installs Debian packages lean: only what is missing, without recommended packages."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def fake_apt(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in apt-get (and sudo) that records its arguments in the log and stops the script at the install
    (nothing is installed). Returns the log and the folder to put first on PATH."""
    log = tmp_path / "apt.log"
    fake = tmp_path / "bin"
    fake.mkdir()
    for name in ("apt-get", "sudo"):
        (fake / name).write_text('#!/bin/sh\n[ "$(basename "$0")" = sudo ] && exec "$@"\n'
                                 f'echo "$*" >> {log}\ncase "$*" in *install*) exit 1;; esac\n')
        (fake / name).chmod(0o755)
    return log, fake


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
def test_setup_installs_missing_packages_without_recommends(tmp_path):
    log, fake = fake_apt(tmp_path)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "SCAMGUARD_CHROMIUM": str(tmp_path / "no-chromium")}
    r = subprocess.run(["bash", "scripts/setup", "--browser"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode != 0 and "installing chromium" in r.stderr
    install = [line.split() for line in log.read_text().splitlines() if " install " in f" {line} "]
    assert install and "--no-install-recommends" in install[0] and install[0][-1] == "chromium"


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
def test_setup_installs_the_ocr_engine_and_its_japanese_data_when_missing(tmp_path):
    log, fake = fake_apt(tmp_path)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "SCAMGUARD_TESSERACT": str(tmp_path / "no-tesseract"),
           "SCAMGUARD_CHROMIUM": "/bin/sh", "DISPLAY": ""}
    r = subprocess.run(["bash", "scripts/setup"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "installing tesseract-ocr tesseract-ocr-jpn" in r.stderr
    install = [line.split() for line in log.read_text().splitlines() if " install " in f" {line} "]
    assert install and "--no-install-recommends" in install[0] and install[0][-2:] == ["tesseract-ocr", "tesseract-ocr-jpn"]
