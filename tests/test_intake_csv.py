"""CSV as European spreadsheets save it: a byte order mark, ``;`` between fields (the comma
is the decimal mark), an Excel ``sep=`` line (issue #28)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskcheck.data import Desk
from deskcheck.ingest.csvfile import parse_csv
from deskcheck.ingest.parsed import SourceError
from tests.conftest import run_process

INTAKE = Path(__file__).resolve().parent / "fixtures" / "intake"


def test_a_french_excel_csv_ingests_with_its_header_read(tmp_path: Path) -> None:
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    took = run_process(
        "ingest", str(INTAKE / "french_excel.csv"), "--desk", str(desk_path), "--reviewer", "m"
    )
    assert took.returncode == 0, took.stdout
    assert "3 new" in took.stdout and "0 rejected" in took.stdout
    with Desk.open(desk_path, reviewer="mara") as desk:
        rows = list(desk.db.execute("SELECT text, origin_url, priority FROM claims ORDER BY text"))
    assert rows == [
        ("La dette publique dépasse 3 200 milliards d’euros", "https://presse.example/dette", 3),
        # a quoted field keeps its ';' and its decimal comma
        (
            "Le prix du gazole a augmenté de 12,5 % en un an; selon la ministre",
            "https://presse.example/gazole",
            2,
        ),
        ("Le taux de chômage est tombé à 7,3 %", None, 3),
    ]


def test_a_german_excel_csv_with_a_sep_line_and_capitalised_header(empty_desk: Desk) -> None:
    from deskcheck.work.intake import ingest

    report = ingest(empty_desk, str(INTAKE / "german_excel.csv"))
    assert report.error is None and report.counts.new == 2, report.summary()
    texts = sorted(row[0] for row in empty_desk.db.execute("SELECT text FROM claims"))
    assert texts == [
        "Der Strompreis liegt bei 0,42 €; so die Verbraucherzentrale",
        "Die Mieten in Berlin sind 2024 um 7,8 % gestiegen",
    ]


def test_standard_input_in_semicolons_is_told_to_be_csv(tmp_path: Path) -> None:
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    body = (INTAKE / "french_excel.csv").read_bytes()
    took = subprocess.run(
        [sys.executable, "-m", "deskcheck", "ingest", "-", "--desk", str(desk_path)],
        input=body,
        capture_output=True,
        timeout=60,
    )
    assert took.returncode == 0 and b"(csv): 3 new" in took.stdout, took.stdout


FIELD = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from([";", ",", "\t", "|", '"', "\n", "%", "€"]),
    max_size=40,
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(
    separator=st.sampled_from([",", ";", "\t", "|"]),
    bom=st.booleans(),
    ending=st.sampled_from(["\r\n", "\n"]),
    header=st.sampled_from([["text", "url"], ["Text", "author", "tags"], ["id", "TEXT"]]),
    rows=st.lists(FIELD.filter(lambda t: t.strip() != ""), min_size=1, max_size=8),
)
def test_any_separator_and_mark_give_back_the_texts(
    separator: str, bom: bool, ending: str, header: list[str], rows: list[str]
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=ending)
    writer.writerow(header)
    at = [name.lower() for name in header].index("text")
    for text in rows:
        writer.writerow([text if n == at else "" for n in range(len(header))])
    body = ("\ufeff" if bom else "") + out.getvalue()
    parsed = parse_csv(body.encode("utf-8"), "sheet.csv", None)
    assert [item.text for _, item in parsed.items] == [t.strip() for t in rows]
    assert parsed.rejects == []


def test_a_header_without_text_is_named_in_the_refusal() -> None:
    with pytest.raises(SourceError, match=r"no 'text' column \(found: titre, lien\)"):
        parse_csv("\ufefftitre;lien\r\na;b\r\n".encode(), "sheet.csv", None)


def test_a_line_of_quotes_and_separators_is_sniffed_in_no_time() -> None:
    """The standard Sniffer takes ~40 s on 64 KB of this; the desk gives it a few lines."""
    body = ("text;url\n" + '"a;"' * 50_000 + "\n").encode()
    started = time.monotonic()
    parse_csv(body, "sheet.csv", None)
    assert time.monotonic() - started < 5
