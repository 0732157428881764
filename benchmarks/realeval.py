"""Extraction measured on real articles: run briefgen over ../shared/realeval-dev and print both scorers' summaries.

    .venv/bin/python benchmarks/realeval.py                 # development set, summaries only
    .venv/bin/python benchmarks/realeval.py -v              # every miss and false positive as well
    .venv/bin/python benchmarks/realeval.py --json /tmp/out.json   # keep the extraction output

The articles are read and extracted in this process exactly as ``briefgen extract FILES --json`` does for
files that are not registered (no workspace is touched); the output is written to a JSON file and scored by
the development set's own scorers (``score_figures.py``, ``score_people_events.py``), run as they are shipped.
``summaries()`` is what the floor test in ``tests/test_realeval_floor.py`` uses.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.extract.run import ExtractReport, extract_article  # noqa: E402
from briefgen.ingest.run import read_article  # noqa: E402

DEV = ROOT.parent / "shared" / "realeval-dev"
HOME = "Kazakhstan"


def extract_json(dev: Path = DEV) -> str:
    """The ``extract --json`` output for every article of the development set."""
    report = ExtractReport(wrote_files=False)
    for path in sorted((dev / "articles").glob("*.txt")):
        report.extractions.append(extract_article(read_article(path, home=HOME, display=str(path)), HOME))
    return report.to_json()


def run_scorers(output: Path, dev: Path = DEV, verbose: bool = False, subset: str = "dev") -> list[str]:
    """Run both scorers on ``output``; their full text, one string per scorer."""
    texts = []
    for scorer, gold in (("score_figures.py", "gold_figures.yaml"), ("score_people_events.py", "gold_people_events.yaml")):
        cmd = [sys.executable, str(dev / scorer), str(dev / gold), str(output), "--set", subset]
        if verbose:
            cmd.append("-v")
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        texts.append(done.stdout)
    return texts


def parse_summary(line: str) -> dict[str, float]:
    """``name=value`` pairs of a scorer's summary line, numbers only ("people P=0.79 ... junk=13")."""
    out: dict[str, float] = {}
    section = ""
    for token in line.replace("|", " | ").split():
        if token == "|":
            continue
        if "=" not in token:
            section = token
            continue
        key, value = token.split("=", 1)
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            out[f"{section}.{key}"] = float(value)
    return out


def summaries(dev: Path = DEV) -> dict[str, float]:
    """Both scorers' summary numbers for the current extractor ("figures.P", "people.junk", "events.date", ...)."""
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "extract.json"
        output.write_text(extract_json(dev), encoding="utf-8")
        texts = run_scorers(output, dev)
    numbers: dict[str, float] = {}
    for text in texts:
        numbers.update(parse_summary(text.strip().splitlines()[-1]))
    return numbers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEV, help="the realeval folder (default ../shared/realeval-dev)")
    parser.add_argument("--json", type=Path, help="also keep the extraction output here")
    parser.add_argument("--set", default="dev", help="the scorers' --set (dev or all)")
    parser.add_argument("-v", action="store_true", help="print every miss and false positive")
    args = parser.parse_args()
    if not (args.dev / "articles").is_dir():
        print(f"{args.dev}: no development set here (expected articles/ and the scorers)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        output = args.json or Path(tmp) / "extract.json"
        output.write_text(extract_json(args.dev), encoding="utf-8")
        for text in run_scorers(output, args.dev, args.v, args.set):
            print(text if args.v else text.strip().splitlines()[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
