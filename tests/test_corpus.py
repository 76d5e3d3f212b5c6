"""Tests of corpus loading: formats, encodings, metadata, dates, duplicates, syndication, bad input."""

from __future__ import annotations

import gzip
import io
import json
import os

import pandas as pd
import pytest

from analysis.ingest.corpus import DUPLICATE, LOADED, REJECTED, SKIPPED, SYNDICATED, load_corpus
from tests.conftest import SEEDS

SEED_TITLE = "Pompeo calls for global coalition against China in meeting with British officials"

# An invented wire story, long enough to be recognised when republished.
STORY = [
    "The city council of Rivermouth voted on Monday to close the old harbour bridge to heavy traffic after "
    "engineers found deep cracks in two of its supporting piers.",
    "Mayor Helen Ostrander said the decision was painful but necessary, and that buses would be diverted "
    "through the northern ring road for at least six months while repairs are planned.",
    "The bridge, opened in 1931, carries about 40,000 vehicles a day and is the main link between the port "
    "and the industrial estates on the eastern bank of the river.",
    "Local haulage firms warned that the detour would add up to forty minutes to each delivery and called "
    "on the regional government to fund a temporary crossing.",
    "An inspection report seen by reporters describes corrosion in the steel reinforcement that had been "
    "hidden by decades of patch repairs to the concrete surface.",
    "Council engineers will install sensors on the structure this week so that any further movement of the "
    "piers can be detected and the bridge closed completely if needed.",
    "Shop owners near the bridge said trade had already fallen since the first weight limits were imposed "
    "in the spring, and feared a long closure would force some to shut.",
    "The regional transport minister promised an answer on emergency funding within a fortnight and said "
    "the state would consider building a new crossing further upstream.",
]


def write(folder, name: str, content: str | bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)


def status_of(corpus, item: str) -> pd.Series:
    rows = corpus.report[corpus.report["item"] == item]
    assert len(rows) == 1, f"{item} should be reported once, got {len(rows)}"
    return rows.iloc[0]


# ------------------------------------------------------------------------------------------------ seed


def test_seed_loads_as_one_ap_article_without_tip_line():
    corpus = load_corpus(SEEDS)
    assert len(corpus) == 1
    article = corpus.articles.iloc[0]
    assert article["title"] == SEED_TITLE
    assert article["source"] == "The Associated Press"
    assert "Have a tip" not in article["text"] and "tips@" not in article["text"]
    assert article["text"].startswith("United States Secretary of State Mike Pompeo met")
    assert not article["text"].startswith(SEED_TITLE), "the repeated title line is not body text"
    assert article["text"].endswith("any question of strong-arming.”")
    assert article["wire"] == "The Associated Press"
    assert corpus.report["status"].tolist() == [LOADED]
    assert "1 boilerplate paragraph removed" in corpus.report["notes"].iloc[0]


def test_doc_ids_are_content_based_and_stable():
    first, second = load_corpus(SEEDS), load_corpus([(p.name, p.read_bytes()) for p in SEEDS.iterdir()])
    assert first.articles["doc_id"].tolist() == second.articles["doc_id"].tolist()
    assert first.content_hash == second.content_hash


# ---------------------------------------------------------------------------------------- text formats


def test_plain_text_metadata_lines(tmp_path):
    write(
        tmp_path,
        "a.txt",
        "\n\nCouncil shuts bridge\nBy Jane Doe and Sam Roe\nPublished: July 21, 2020\n"
        "Source: Rivermouth Gazette\nURL: https://example.org/bridge\n\n" + "\n\n".join(STORY),
    )
    article = load_corpus(tmp_path).articles.iloc[0]
    assert article["title"] == "Council shuts bridge"
    assert article["author"] == "Jane Doe and Sam Roe"
    assert article["source"] == "Rivermouth Gazette"
    assert article["url"] == "https://example.org/bridge"
    assert article["published"] == pd.Timestamp("2020-07-21")
    assert article["text"].startswith(STORY[0])
    assert article["text"].count("\n\n") == len(STORY) - 1


def test_markdown_front_matter_and_heading(tmp_path):
    write(tmp_path, "fm.md", '---\ntitle: "Bridge closed"\nauthor: Jane Doe\ndate: 2021-03-04\n---\n\n' + STORY[0])
    write(tmp_path, "h.md", "# Heading title\n\n**Source:** Harbour News\n\n" + STORY[1])
    articles = load_corpus(tmp_path).articles.set_index("origin")
    assert articles.loc["fm.md", "title"] == "Bridge closed"
    assert articles.loc["fm.md", "author"] == "Jane Doe"
    assert articles.loc["fm.md", "published"] == pd.Timestamp("2021-03-04")
    assert articles.loc["h.md", "title"] == "Heading title"
    assert articles.loc["h.md", "source"] == "Harbour News"
    assert articles.loc["h.md", "text"] == STORY[1]


def test_boilerplate_paragraphs_removed_but_reporting_kept(tmp_path):
    body = "\n\n".join(
        [
            STORY[0],
            "Advertisement",
            STORY[1],
            "Sign up for our daily newsletter to get updates.",
            "Photos: Rivermouth through the years A crowd on the quay in 1931. The bridge at dusk.",
            STORY[2],
            "Have a tip or story? Get in touch with our reporters at tips@example.org",
        ]
    )
    write(tmp_path, "b.txt", "Title\n\n" + body)
    corpus = load_corpus(tmp_path)
    assert corpus.articles.iloc[0]["text"] == "\n\n".join(STORY[:3])
    assert "4 boilerplate paragraphs removed" in corpus.report.iloc[0]["notes"]


@pytest.mark.parametrize(
    ("encoding", "prefix"), [("utf-8", b""), ("utf-8-sig", b""), ("utf-16", b""), ("cp1252", b""), ("latin-1", b"")]
)
def test_encodings_decode_without_replacement(tmp_path, encoding, prefix):
    text = "Café prices rise\n\nA “flat white” now costs £3.20 in Zürich’s centre, up 10%."
    if encoding == "latin-1":
        text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    write(tmp_path, "enc.txt", prefix + text.encode(encoding))
    article = load_corpus(tmp_path).articles.iloc[0]
    assert article["title"] == "Café prices rise"
    assert "\ufffd" not in article["text"]
    assert "£3.20" in article["text"] and "Zürich" in article["text"]


# ---------------------------------------------------------------------------------------------- tables


def test_csv_columns_found_case_insensitively(tmp_path):
    frame = pd.DataFrame(
        {
            "Headline": ["Bridge shut", "Budget passed"],
            "BODY": [STORY[0], STORY[1]],
            "Publish_Date": ["10/28/18", "Tue, 21 Jul 2020 10:00:00 +0000"],
            "Outlet": ["Gazette", "Herald"],
            "Byline": ["Jane Doe", ""],
            "Link": ["https://example.org/1", "javascript:alert(1)"],
            "Section": ["local", "politics"],
        }
    )
    write(tmp_path, "t.csv", frame.to_csv(index=False))
    corpus = load_corpus(tmp_path / "t.csv")
    articles = corpus.articles
    assert articles["title"].tolist() == ["Bridge shut", "Budget passed"]
    assert articles["source"].tolist() == ["Gazette", "Herald"]
    assert articles["published"].tolist() == [pd.Timestamp("2018-10-28"), pd.Timestamp("2020-07-21 10:00")]
    assert articles["author"].iloc[0] == "Jane Doe" and pd.isna(articles["author"].iloc[1])
    assert articles["url"].iloc[0] == "https://example.org/1" and pd.isna(articles["url"].iloc[1])
    assert "not http/https" in corpus.report["notes"].iloc[1]
    assert articles["Section"].tolist() == ["local", "politics"], "extra columns are kept"
    assert corpus.report["item"].tolist() == [f"{tmp_path / 't.csv'}#row 2", f"{tmp_path / 't.csv'}#row 3"]


def test_tsv_semicolon_and_gzip(tmp_path):
    write(tmp_path, "a.tsv", "title\ttext\nOne\t" + STORY[0] + "\n")
    write(tmp_path, "b.csv", "title;content\nTwo;" + STORY[1].replace(",", "") + "\n")
    write(tmp_path, "c.csv.gz", gzip.compress(("headline,article\nThree," + json.dumps(STORY[2]) + "\n").encode()))
    titles = sorted(load_corpus(tmp_path).articles["title"])
    assert titles == ["One", "Three", "Two"]


def test_csv_without_text_column_is_rejected_naming_columns(tmp_path):
    write(tmp_path, "meta.csv", "id,headline,date\n1,Hello,2020-01-01\n")
    row = status_of(load_corpus(tmp_path), "meta.csv")
    assert row["status"] == REJECTED
    assert "no text column" in row["reason"] and "'headline'" in row["reason"] and "'date'" in row["reason"]


def test_csv_rows_with_empty_text_are_rejected_individually(tmp_path):
    write(tmp_path, "e.csv", "title,text\nA," + json.dumps(STORY[0]) + "\nB,\nC,   \n")
    corpus = load_corpus(tmp_path)
    assert corpus.articles["title"].tolist() == ["A"]
    rejected = corpus.report[corpus.report["status"] == REJECTED]
    assert rejected["item"].tolist() == ["e.csv#row 3", "e.csv#row 4"]
    assert set(rejected["reason"]) == {"empty text"}


def test_jsonl_broken_line_rejected_rest_loaded(tmp_path):
    lines = [
        json.dumps({"Title": "A", "Text": STORY[0], "authors": ["Jane Doe", "Sam Roe"]}),
        '{"title": "broken", "text": ',
        json.dumps({"title": "B", "body": STORY[1], "source": {"id": "x", "name": "Wire Daily"}}),
    ]
    write(tmp_path, "a.jsonl", "\n".join(lines))
    corpus = load_corpus(tmp_path)
    articles = corpus.articles.set_index("title")
    assert articles.loc["A", "author"] == "Jane Doe, Sam Roe"
    assert articles.loc["B", "source"] == "Wire Daily"
    broken = status_of(corpus, "a.jsonl#line 2")
    assert broken["status"] == REJECTED and broken["reason"].startswith("invalid JSON")


def test_json_array_container_and_single_record(tmp_path):
    write(tmp_path, "list.json", json.dumps([{"headline": "A", "content": STORY[0]}]))
    write(tmp_path, "wrapped.json", json.dumps({"status": "ok", "articles": [{"title": "B", "text": STORY[1]}]}))
    write(tmp_path, "one.json", json.dumps({"title": "C", "text": STORY[2]}))
    assert sorted(load_corpus(tmp_path).articles["title"]) == ["A", "B", "C"]


def test_deeply_nested_json_is_rejected_not_crashing(tmp_path):
    write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    write(tmp_path, "ok.txt", "Fine\n\n" + STORY[0])
    corpus = load_corpus(tmp_path)
    assert corpus.articles["title"].tolist() == ["Fine"]
    assert status_of(corpus, "deep.json")["status"] == REJECTED


# ---------------------------------------------------------------------------------- html, docx, pdf


def test_html_main_text_and_metadata(tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY[:4])
    html = (
        "<html><head><title>Bridge shut | Gazette</title><meta name='author' content='Jane Doe'>"
        "<meta property='og:title' content='Council shuts harbour bridge'>"
        "<meta property='article:published_time' content='2020-07-21T10:00:00Z'>"
        "<meta property='og:site_name' content='Rivermouth Gazette'></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Council shuts harbour bridge</h1>{paragraphs}</article>"
        "<footer>Copyright 2020 Rivermouth Gazette. All rights reserved. Subscribe now!</footer></body></html>"
    )
    write(tmp_path, "page.html", html)
    article = load_corpus(tmp_path).articles.iloc[0]
    assert article["title"] == "Council shuts harbour bridge"
    assert article["author"] == "Jane Doe"
    assert article["source"] == "Rivermouth Gazette"
    assert article["published"] == pd.Timestamp("2020-07-21")
    assert article["text"].split("\n\n") == STORY[:4]
    assert "Home" not in article["text"] and "Copyright" not in article["text"]


def test_docx_title_author_and_text(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "Bridge shut"
    document.core_properties.author = "Jane Doe"
    for paragraph in STORY[:3]:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    article = load_corpus([("story.docx", buffer.getvalue())]).articles.iloc[0]
    assert article["title"] == "Bridge shut"
    assert article["author"] == "Jane Doe"
    assert article["text"].split("\n\n") == STORY[:3]


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given text lines, written by hand (no PDF writer is a dependency)."""
    content = "BT /F1 11 Tf 50 750 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_title_and_text(tmp_path):
    write(tmp_path, "story.pdf", minimal_pdf(["Bridge shut to lorries", "", "Engineers found cracks in two piers."]))
    article = load_corpus(tmp_path).articles.iloc[0]
    assert article["title"] == "Bridge shut to lorries"
    assert "Engineers found cracks in two piers." in article["text"]


def test_corrupt_pdf_and_docx_are_rejected(tmp_path):
    write(tmp_path, "bad.pdf", b"%PDF-1.4\nthis is not really a pdf")
    write(tmp_path, "bad.docx", b"PK\x03\x04 not a zip")
    corpus = load_corpus(tmp_path)
    assert len(corpus) == 0
    assert set(corpus.report["status"]) == {REJECTED}


# ------------------------------------------------------------------------------------------ bad input


def test_mixed_folder_loads_good_files_and_names_bad_ones(tmp_path):
    write(tmp_path, "good1.txt", "Bridge shut\n\n" + "\n\n".join(STORY[:3]))
    write(tmp_path, "good2.jsonl", json.dumps({"title": "Budget", "text": STORY[4]}) + "\n{oops\n")
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "blank.md", "   \n\n  \n")
    write(tmp_path, "junk.txt", os.urandom(2048).replace(b"\x00", b"\x01") + b"\x00\x00")
    write(tmp_path, "notext.csv", "id,title\n1,Hello\n")
    write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    write(tmp_path, "README.md", "# About this folder\n\nNot news.")
    write(tmp_path, ".DS_Store", b"\x00\x00")
    corpus = load_corpus(tmp_path)
    assert sorted(corpus.articles["title"]) == ["Bridge shut", "Budget"]
    report = corpus.report.set_index("item")
    expected = {
        "empty.txt": (REJECTED, "empty file"),
        "blank.md": (REJECTED, "empty file"),
        "junk.txt": (REJECTED, "binary content"),
        "notext.csv": (REJECTED, "no text column"),
        "good2.jsonl#line 2": (REJECTED, "invalid JSON"),
        "image.png": (REJECTED, "unsupported file type"),
        "README.md": (SKIPPED, "documentation file"),
        ".DS_Store": (SKIPPED, "hidden file"),
    }
    for item, (status, reason) in expected.items():
        assert report.loc[item, "status"] == status, item
        assert reason in report.loc[item, "reason"], (item, report.loc[item, "reason"])
    assert len(corpus.report) == 10, "every input item has exactly one report line"


def test_file_over_size_limit_is_rejected(tmp_path):
    write(tmp_path, "big.txt", "Big\n\n" + "word " * 5000)
    write(tmp_path, "small.txt", "Small\n\n" + STORY[0])
    corpus = load_corpus(tmp_path, max_file_bytes=10_000)
    assert corpus.articles["title"].tolist() == ["Small"]
    assert "too large" in status_of(corpus, "big.txt")["reason"]


def test_gzip_bomb_is_refused(tmp_path, monkeypatch):
    from analysis.ingest import decode

    monkeypatch.setattr(decode, "MAX_DECOMPRESSED_BYTES", 1 << 20)
    write(tmp_path, "bomb.jsonl.gz", gzip.compress(b" " * (4 << 20)))
    row = status_of(load_corpus(tmp_path), "bomb.jsonl.gz")
    assert row["status"] == REJECTED and "exceeds" in row["reason"]


def test_symlink_out_of_folder_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    inside = tmp_path / "corpus"
    write(outside, "secret.txt", "Secret\n\nThe server's private notes.")
    write(inside, "ok.txt", "Fine\n\n" + STORY[0])
    (inside / "link.txt").symlink_to(outside / "secret.txt")
    (inside / "dirlink").symlink_to(outside, target_is_directory=True)
    corpus = load_corpus(inside)
    assert corpus.articles["title"].tolist() == ["Fine"]
    assert status_of(corpus, "link.txt")["status"] == REJECTED
    assert status_of(corpus, "dirlink/")["status"] == SKIPPED


def test_missing_path_is_reported(tmp_path):
    corpus = load_corpus(tmp_path / "nope")
    assert corpus.report["status"].tolist() == [REJECTED]
    assert len(corpus) == 0 and list(corpus.articles.columns)[:3] == ["doc_id", "title", "source"]


# ------------------------------------------------------------------------------------ dates and copies


def test_dates_in_many_forms_and_impossible_ones(tmp_path):
    rows = [
        ("iso", "2020-07-21"),
        ("mdy", "10/28/18"),
        ("long", "July 21, 2020"),
        ("rfc", "Tue, 21 Jul 2020 10:00:00 +0000"),
        ("none", ""),
        ("year1", "0001-11-30"),
        ("future", "2999-01-01"),
        ("junk", "sometime soon"),
    ]
    records = [{"title": t, "text": f"{t}: {STORY[i]}", "date": d} for i, (t, d) in enumerate(rows)]
    write(tmp_path, "d.jsonl", "\n".join(json.dumps(r) for r in records))
    corpus = load_corpus(tmp_path)
    published = corpus.articles.set_index("title")["published"]
    assert published["iso"] == pd.Timestamp("2020-07-21")
    assert published["mdy"] == pd.Timestamp("2018-10-28")
    assert published["long"] == pd.Timestamp("2020-07-21")
    assert published["rfc"] == pd.Timestamp("2020-07-21 10:00")
    assert published[["none", "year1", "future", "junk"]].isna().all()
    assert corpus.summary()["dates"] == {"iso": 1, "other format": 3, "missing": 1, "impossible": 2, "unparsed": 1}
    notes = corpus.report.set_index("item")["notes"]
    assert "impossible date '0001-11-30'" in notes["d.jsonl#line 6"]


def test_exact_duplicates_after_normalisation_kept_once(tmp_path):
    body = "\n\n".join(STORY[:4])
    write(tmp_path, "a.txt", "Bridge shut\n\n" + body)
    write(tmp_path, "b.txt", "Bridge  shut\n\n" + body.replace("\n\n", "\n\n\n").replace("'", "’") + "\n")
    corpus = load_corpus(tmp_path)
    assert len(corpus) == 1
    row = status_of(corpus, "b.txt")
    assert row["status"] == DUPLICATE and row["reason"].startswith("duplicate of a.txt")


def test_syndicated_copies_grouped_into_one_story(tmp_path):
    wire = "RIVERMOUTH (AP) — " + "\n\n".join(STORY)
    write(
        tmp_path, "ap.txt", "Rivermouth shuts cracked bridge\nSource: The Associated Press\nDate: 2021-05-03\n\n" + wire
    )
    # Republished: another headline, a trimmed last paragraph, a site trailer.
    write(
        tmp_path,
        "site1.txt",
        "Heavy traffic banned from harbour bridge\nSource: Daily Planet\n"
        "Date: 2021-05-03\n\n" + "\n\n".join(STORY[:-1]) + "\n\nRead more local news at the Daily Planet.",
    )
    write(
        tmp_path,
        "site2.txt",
        "Bridge crisis: lorries diverted\nSource: Coast Times\nDate: 2021-05-04\n\n"
        + "\n\n".join(STORY[1:])
        + "\n\nThe Associated Press contributed to this report.",
    )
    write(
        tmp_path,
        "other.txt",
        "Budget passed\nSource: Daily Planet\n\n" + "The council passed its budget "
        "for the coming year after a long debate about library funding and road repairs. " * 3,
    )
    corpus = load_corpus(tmp_path)
    articles = corpus.articles.set_index("origin")
    ap_id = articles.loc["ap.txt", "doc_id"]
    assert articles.loc[["ap.txt", "site1.txt", "site2.txt"], "story_id"].tolist() == [ap_id] * 3
    assert articles.loc["other.txt", "story_id"] == articles.loc["other.txt", "doc_id"]
    story = corpus.stories.set_index("story_id").loc[ap_id]
    assert story["n_copies"] == 3
    assert story["wire"] == "The Associated Press"
    assert story["sources"] == ["Coast Times", "Daily Planet", "The Associated Press"]
    assert story["title"] == "Rivermouth shuts cracked bridge"
    assert status_of(corpus, "site1.txt")["status"] == SYNDICATED
    assert corpus.summary()["stories"] == 2


def test_shared_text_weeks_apart_is_not_a_story(tmp_path):
    write(tmp_path, "a.txt", "One\nDate: 2021-01-01\n\n" + "\n\n".join(STORY))
    write(tmp_path, "b.txt", "Two\nDate: 2021-03-01\n\n" + "\n\n".join(STORY))
    assert load_corpus(tmp_path).articles["story_id"].nunique() == 2


def test_uploads_as_name_bytes_pairs():
    corpus = load_corpus(
        [
            ("notes.txt", b"Uploaded\n\n" + STORY[0].encode()),
            ("../../etc/passwd.txt", b"Sneaky\n\n" + STORY[1].encode()),
        ]
    )
    assert corpus.articles["title"].tolist() == ["Uploaded", "Sneaky"]
    assert corpus.articles["origin"].tolist() == ["notes.txt", "passwd.txt"], "upload names lose any path"


def test_merge_uploads_into_a_corpus(tmp_path):
    from analysis.ingest.merging import merge_corpora

    wire = "Rivermouth shuts cracked bridge\nSource: The Associated Press\n\n" + "\n\n".join(STORY)
    write(tmp_path, "ap.txt", wire)
    base = load_corpus(tmp_path)
    upload = load_corpus(
        [
            ("same.txt", wire.encode()),
            ("copy.txt", ("Bridge closed\nSource: Coast Times\n\n" + "\n\n".join(STORY[:-1])).encode()),
            ("new.txt", b"Budget passed\n\nThe council passed its budget after a long debate on libraries."),
            ("bad.csv", b"id,title\n1,x\n"),
        ]
    )
    merged = merge_corpora(base, upload)
    assert sorted(merged.articles["title"]) == ["Bridge closed", "Budget passed", "Rivermouth shuts cracked bridge"]
    report = merged.report.set_index("item")
    assert report.loc["same.txt", "status"] == DUPLICATE and report.loc["same.txt", "reason"] == "already in the corpus"
    assert report.loc["copy.txt", "status"] == SYNDICATED
    assert report.loc["copy.txt", "story_id"] == base.articles["doc_id"].iloc[0]
    assert report.loc["bad.csv", "status"] == REJECTED
    assert merged.summary()["stories"] == 2


def test_the_load_reports_each_stage_in_order_and_ends_done(tmp_path):
    """The dashboard's and the command line's load bar: every stage of ``LOAD_WEIGHTS`` in its order,
    the articles cleaned counted up to every input item (a rejected one too), then ``done`` — and the
    corpus is the one loaded without anyone watching."""
    from analysis.ingest.corpus import REPORT_EVERY
    from analysis.progress import LOAD_WEIGHTS, Tracker

    n = REPORT_EVERY + 7  # more items than one report's worth, so the count is seen climbing
    rows = [
        {"title": f"Item {i}", "source": "Gazette", "text": f"Story number {i} about the harbour."} for i in range(n)
    ]
    rows.append({"title": "Empty", "text": " "})
    write(tmp_path, "news.jsonl", "\n".join(json.dumps(r) for r in rows))
    calls: list[tuple[str, int, int]] = []
    tracker = Tracker(LOAD_WEIGHTS)

    def progress(stage: str, done: int, total: int) -> None:
        calls.append((stage, done, total))
        tracker.update(stage, done, total)

    watched = load_corpus(tmp_path, progress=progress)
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages == [*LOAD_WEIGHTS, "done"]
    cleaning = [(done, total) for stage, done, total in calls if stage == "cleaning articles"]
    assert cleaning == [(0, n + 1), (REPORT_EVERY, n + 1), (n + 1, n + 1)]
    assert tracker.fraction == 1.0
    unwatched = load_corpus(tmp_path)
    for name in ("articles", "report", "stories", "furniture"):
        pd.testing.assert_frame_equal(getattr(watched, name), getattr(unwatched, name), obj=name)
