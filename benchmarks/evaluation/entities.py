"""Entities: person recall on NewsMTSC's named target mentions (people by construction; pronouns and
lower-case mentions left out), sentence by sentence, without their article."""

from __future__ import annotations

import json

from benchmarks.evaluation import SHARED


def person_recall() -> dict[str, float] | None:
    """Share of NewsMTSC's capitalised target mentions found inside a person mention of their sentence."""
    from analysis.voices.entities import PERSON, find_mentions, merge_in_article

    folder = SHARED / "newsmtsc"
    if not folder.exists():
        return None
    found = total = 0
    for name in ("train", "devtest_rw", "devtest_mt"):
        with (folder / f"{name}.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                sentence = record["sentence_normalized"]
                people = [(m.start, m.end) for m, _ in merge_in_article(find_mentions(sentence)) if m.type == PERSON]
                for target in record["targets"]:
                    mention = target["mention"]
                    if not mention[:1].isupper() or mention.lower() in ("he", "she", "they", "him", "her", "i"):
                        continue
                    total += 1
                    a, b = target["from"], target["to"]
                    found += any(x < b and a < y for x, y in people)
    return {"recall": found / total, "mentions": total}


def report() -> None:
    print("== Entities")
    recall = person_recall()
    if recall is None:
        print("skipped: ../shared/data/newsmtsc is absent")
        return
    print(f"person recall on NewsMTSC target mentions: {recall['recall']:.3f} of {recall['mentions']:,}")
