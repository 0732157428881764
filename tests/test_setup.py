"""`make brief` / `make test` set up a bare Debian machine (issue 17, item 11): missing Debian
packages are installed as root (or with passwordless sudo), otherwise the exact apt-get line is
printed and the run stops. Checked with stand-ins for dpkg-query, id, sudo and apt-get."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / ".ci" / "system-packages"


def _fake_bin(folder: Path, *, uid: int, missing: set[str], sudo: bool) -> Path:
    folder.mkdir()
    log = folder / "calls.log"
    scripts = {
        "dpkg-query": "#!/bin/sh\nfor last; do :; done\ncase \" {missing} \" in *\" $last \"*) exit 1;; esac\n"
                      "printf 'install ok installed'\n".replace("{missing}", " ".join(sorted(missing))),
        "id": f"#!/bin/sh\necho {uid}\n",
        "apt-get": f"#!/bin/sh\necho \"apt-get $*\" >> {log}\n",
    }
    # Without passwordless sudo, `sudo -n` fails (as it does when a password would be asked for).
    scripts["sudo"] = f"#!/bin/sh\necho \"sudo $*\" >> {log}\nshift\n\"$@\"\n" if sudo else "#!/bin/sh\nexit 1\n"
    for name, text in scripts.items():
        (folder / name).write_text(text, encoding="utf-8")
        (folder / name).chmod(0o755)
    return log


def _run(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{folder}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, env=env, timeout=30, check=False)


def test_nothing_missing_does_nothing(tmp_path: Path) -> None:
    log = _fake_bin(tmp_path / "bin", uid=1000, missing=set(), sudo=False)
    result = _run(tmp_path / "bin")
    assert result.returncode == 0 and result.stderr == "" and not log.exists()


def test_without_root_or_sudo_it_stops_with_the_exact_command(tmp_path: Path) -> None:
    log = _fake_bin(tmp_path / "bin", uid=1000, missing={"fonts-liberation2", "pandoc"}, sudo=False)
    result = _run(tmp_path / "bin")
    assert result.returncode == 1 and not log.exists()
    assert result.stderr.splitlines() == [
        "error: missing Debian packages: fonts-liberation2 pandoc",
        "run:   sudo apt-get update && sudo apt-get install -y --no-install-recommends fonts-liberation2 pandoc",
    ]


def test_as_root_it_installs_what_is_missing(tmp_path: Path) -> None:
    log = _fake_bin(tmp_path / "bin", uid=0, missing={"fonts-liberation2"}, sudo=False)
    result = _run(tmp_path / "bin")
    assert result.returncode == 0, result.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [
        "apt-get update -qq", "apt-get install -y -qq --no-install-recommends fonts-liberation2"]


def test_with_passwordless_sudo_it_installs_through_sudo(tmp_path: Path) -> None:
    log = _fake_bin(tmp_path / "bin", uid=1000, missing={"fonts-dejavu-core"}, sudo=True)
    result = _run(tmp_path / "bin")
    assert result.returncode == 0, result.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert "sudo -n apt-get install -y -qq --no-install-recommends fonts-dejavu-core" in calls
    assert "apt-get install -y -qq --no-install-recommends fonts-dejavu-core" in calls
