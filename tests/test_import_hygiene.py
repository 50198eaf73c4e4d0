"""The core starts without Textual or httpx: the CLI and scripts stay fast."""

import subprocess
import sys

import pytest

HEAVY = ("textual", "httpx", "rich")


@pytest.mark.parametrize(
    "statement",
    [
        "import deskcheck.data",
        "from deskcheck.data import Desk, QueueQuery",
        "import deskcheck.cli",
        "import deskcheck.domain.untrusted, deskcheck.export.plain_text, deskcheck.work.config",
    ],
)
def test_core_imports_do_not_load_the_ui_or_network(statement: str) -> None:
    code = f"{statement}\nimport sys\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{statement!r} imported {result.stdout.strip()}"


def test_the_data_layer_works_without_the_ui_or_network(tmp_path) -> None:
    code = (
        "import sys\n"
        "from deskcheck.data import Desk\n"
        f"d = Desk.open({str(tmp_path / 'x.db')!r}, reviewer='a', create=True)\n"
        "c = d.add_claim('A claim')\n"
        "d.decide(c, 'lead', 'held')\n"
        "print(d.claim(c).verdict, [m for m in ('textual', 'httpx') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "lead []"


def test_the_desk_screen_starts_drawing_before_sqlite_utils_loads(sample_path) -> None:
    """The command checks the file with plain sqlite3; sqlite-utils (and its dateutil and
    plugin machinery) load in the worker that opens the desk, while the first screen draws."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from deskcheck.cli import desk_app\n"
        "from deskcheck.ui.screens.queue import QueueScreen\n"
        f"desk_app(Path({str(sample_path)!r}), 'a')\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_command_refuses_a_file_that_is_not_a_desk_before_the_screen_opens(
    tmp_path,
) -> None:
    from deskcheck.cli import desk_app
    from deskcheck.domain.errors import NotADesk

    text_file = tmp_path / "notes.db"
    text_file.write_text("not a database, just notes\n")
    with pytest.raises(NotADesk, match="not a deskcheck desk"):
        desk_app(text_file, "a")
    assert text_file.read_text() == "not a database, just notes\n"


def test_opening_a_desk_loads_no_numpy_and_pictures_still_work(tmp_path) -> None:
    """numpy (for pictures) cost a tenth of a second of every start: sqlite-utils imported it
    to name its number types, and the data layer imported the picture hashes. A desk opens,
    reads its queue and records without it; a picture kept and compared loads it then."""
    from tests.photos import encoded, photo

    picture = tmp_path / "photo.jpg"
    picture.write_bytes(encoded(photo(7), "JPEG"))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from deskcheck.data import Desk, QueueQuery\n"
        "from deskcheck.domain.pictures import read_picture\n"
        f"d = Desk.open({str(tmp_path / 'x.db')!r}, reviewer='a', create=True)\n"
        "c = d.add_claim('A claim')\n"
        "d.queue_page(QueueQuery(), limit=5)\n"
        "before = 'numpy' in sys.modules\n"
        f"body = Path({str(picture)!r}).read_bytes()\n"
        "d.add_picture(c, read_picture(body), body)\n"
        "d2 = d.add_claim('Another')\n"
        "d.add_picture(d2, read_picture(body), body)\n"
        "print(before, len(d.similar_pictures(c)), 'numpy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False 1 True"
