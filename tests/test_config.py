"""Workspace configuration: validation errors with file and line, and the articles override."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.config import load_config
from briefgen.errors import ConfigError

ARTICLE = " date 2020-05-05 Kazakhstan and Estonia discuss e-government\n\nTALLINN – Estonian and Kazakh officials met.\n"


def _write(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "briefgen.yaml").write_text(text, encoding="utf-8")
    return root


def test_defaults_without_a_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("BRIEFGEN_ARTICLES", raising=False)
    config = load_config(tmp_path)
    assert config.home == "Kazakhstan" and config.partners == ("Romania",)
    assert config.articles == tmp_path.resolve() / "articles"
    assert config.facts == tmp_path.resolve() / "facts"
    assert config.formats == ("md", "html", "pdf", "docx")


def test_values_are_read_and_folders_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("BRIEFGEN_ARTICLES", raising=False)
    _write(tmp_path, "home: Hungary\npartners: [Kazakhstan, Uzbekistan]\narticles: in/news\nformats: [md]\n")
    config = load_config(tmp_path)
    assert config.home == "Hungary" and config.partners == ("Kazakhstan", "Uzbekistan")
    assert config.articles == tmp_path.resolve() / "in" / "news"
    assert config.formats == ("md",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("home: Kazakhstan\npartner: Romania\n", "briefgen.yaml:2: unknown key 'partner'"),
        ("home: Kazakhstan\nstale_after_months: soon\n", "briefgen.yaml:2: stale_after_months: expected a whole number of months, got 'soon'"),
        ("partners: Romania\n", "briefgen.yaml:1: partners: expected a list of country names, got 'Romania'"),
        ("home: Kazakhstan\nformats: [md, odt]\n", "briefgen.yaml:2: formats: unknown format 'odt'"),
        ("home: [Kazakhstan]\n", "briefgen.yaml:1: home: expected a country name, got a list"),
        ("articles: true\n", "briefgen.yaml:1: articles: expected a folder path, got true"),
        ("home: Kazakhstan\nhome: Hungary\n", "briefgen.yaml:2: duplicate key 'home' (first on line 1)"),
        ("- home\n", "briefgen.yaml:1: expected a mapping of settings, got a list"),
        ("home: Romania\npartners: [Romania]\n", "briefgen.yaml: partners: the home country 'Romania' cannot be its own partner"),
    ],
)
def test_bad_config_names_file_and_line(tmp_path: Path, text: str, message: str):
    _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value).startswith(message)


def test_bad_config_through_the_command_is_exit_2(tmp_path: Path):
    _write(tmp_path, "home: Kazakhstan\nstale_after_months: -3\n")
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "ingest"])
    assert result.exit_code == 2
    assert "briefgen.yaml:2: stale_after_months: expected a number of months from 1 to 1200, got -3" in result.stderr


def test_articles_override_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _write(tmp_path, "articles: from_file\n")
    monkeypatch.delenv("BRIEFGEN_ARTICLES", raising=False)
    assert load_config(tmp_path).articles == tmp_path.resolve() / "from_file"
    monkeypatch.setenv("BRIEFGEN_ARTICLES", "from_env")
    assert load_config(tmp_path).articles == tmp_path.resolve() / "from_env"
    assert load_config(tmp_path, articles="from_arg").articles == tmp_path.resolve() / "from_arg"
    absolute = tmp_path / "elsewhere"
    assert load_config(tmp_path, articles=absolute).articles == absolute


def test_ingest_uses_the_articles_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("BRIEFGEN_ARTICLES", raising=False)
    root = _write(tmp_path / "ws", "articles: empty\n")
    (root / "empty").mkdir()
    for name in ("env_news", "flag_news"):
        (root / name).mkdir()
        (root / name / f"{name}.txt").write_text(ARTICLE.replace("e-government", name.replace("_", " ")), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["--root", str(root), "ingest"])
    assert result.exit_code == 0 and "warning: empty: folder has no articles" in result.stderr
    result = runner.invoke(cli, ["--root", str(root), "ingest"], env={"BRIEFGEN_ARTICLES": "env_news"})
    assert result.exit_code == 0, result.output
    assert "added 2020-05-05-kazakhstan-estonia-discuss-env-news" in result.stdout
    result = runner.invoke(cli, ["--root", str(root), "--articles", "flag_news", "ingest"], env={"BRIEFGEN_ARTICLES": "env_news"})
    assert result.exit_code == 0, result.output
    assert "added 2020-05-05-kazakhstan-estonia-discuss-flag-news" in result.stdout
    registry = (root / "facts" / "sources.json").read_text(encoding="utf-8")
    assert '"path": "env_news/env_news.txt"' in registry and '"path": "flag_news/flag_news.txt"' in registry
