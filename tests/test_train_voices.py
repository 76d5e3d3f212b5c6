"""``python -m analysis train-voices`` writes what it learns to a folder of its own (issue 16): the shipped
model and cue list are only replaced by copying the files over, by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

# ------------------------------------------------------------------- 6. train-voices writes to --out


def test_train_voices_writes_to_its_own_folder_never_over_the_shipped_files(tmp_path, monkeypatch) -> None:
    from analysis import __main__ as cli
    from analysis.voices import ner_train, polnear

    written: list[Path] = []

    def fake_train(data: Path, out: Path) -> dict:
        out.write_bytes(b"model")
        out.with_suffix(".json").write_text("{}")
        written.append(out)
        return {"chosen": "C=1.0", "dev_f1": {"C=1.0": {"micro": 0.9}}}

    def fake_cues(folder: Path, out: Path) -> int:
        out.write_text("# cues\n")
        written.append(out)
        return 1

    monkeypatch.setattr(ner_train, "train", fake_train)
    monkeypatch.setattr(polnear, "write_cues", fake_cues)
    monkeypatch.setattr(polnear, "write_quote_cues", fake_cues)
    monkeypatch.setattr(polnear, "write_source_heads", fake_cues)
    shipped = [
        cli.Path(cli.__file__).parent / p
        for p in (
            "voices/entity_model.npz",
            "lexicon/attribution_cues.tsv",
            "lexicon/quote_cues.tsv",
            "lexicon/source_heads.tsv",
        )
    ]
    before = [p.read_bytes() for p in shipped]
    assert cli.main(["train-voices", "--out", str(tmp_path / "new")]) == 0
    new = tmp_path / "new"
    assert written == [
        new / "entity_model.npz",
        new / "attribution_cues.tsv",
        new / "quote_cues.tsv",
        new / "source_heads.tsv",
    ]
    assert [p.read_bytes() for p in shipped] == before
    # Without --out: a new folder in the working directory, not the package.
    monkeypatch.chdir(tmp_path)
    written.clear()
    assert cli.main(["train-voices", "--only", "cues"]) == 0
    learnt = ("attribution_cues.tsv", "quote_cues.tsv", "source_heads.tsv")
    assert written == [Path("voices-trained") / name for name in learnt]
    # Pointing --out at the shipped files is refused.
    assert cli.main(["train-voices", "--out", str(shipped[0].parent)]) == 2
    assert [p.read_bytes() for p in shipped] == before


def test_learnt_cues_are_deterministic_and_match_the_shipped_list(tmp_path) -> None:
    folder = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
    if not folder.is_dir():
        pytest.skip("../shared/data/polnear is absent")
    from analysis import __main__ as cli

    for run in ("a", "b"):
        assert (
            cli.main(["train-voices", "--only", "cues", "--data", str(folder.parent), "--out", str(tmp_path / run)])
            == 0
        )
    for name in ("attribution_cues.tsv", "quote_cues.tsv", "source_heads.tsv"):
        learnt = (tmp_path / "a" / name).read_text()
        assert learnt == (tmp_path / "b" / name).read_text()
        assert learnt == (cli.Path(cli.__file__).parent / "lexicon" / name).read_text()


def test_source_heads_are_the_lower_case_nouns_ending_annotated_sources_of_reported_speech() -> None:
    """A noun ending enough annotated sources of speech without quotation marks is learnt; a quotation's
    source, a capitalised name, a pronoun or function word, or a rarer noun is not."""
    from analysis.voices.polnear import SOURCE_MIN_COUNT, Article, Attribution, learn_source_heads

    def said(source: str, marked: bool = False) -> Attribution:
        return Attribution((0, 1), ((0, 1),), (0, 1), (0, 1), source, "said", marked)

    attributions = [said("several friends")] * SOURCE_MIN_COUNT + [said("police, who declined")] * SOURCE_MIN_COUNT
    attributions += [said("the aides", marked=True)] * SOURCE_MIN_COUNT  # a quotation's source
    attributions += [said("Jane Smith")] * SOURCE_MIN_COUNT + [said("they")] * SOURCE_MIN_COUNT
    attributions += [said("two lawyers")] * (SOURCE_MIN_COUNT - 1)
    heads = learn_source_heads([Article("a", "text", attributions)])
    assert heads == [("friends", SOURCE_MIN_COUNT), ("police", SOURCE_MIN_COUNT)]
