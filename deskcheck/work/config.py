"""Where the desk lives and who is reviewing: from flags, the environment, or defaults."""

from __future__ import annotations

import getpass
import os
import shutil
from pathlib import Path

DESK_ENV = "DESKCHECK_DESK"
REVIEWER_ENV = "DESKCHECK_REVIEWER"
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the deskcheck package


def default_desk_path() -> Path:
    """``$DESKCHECK_DESK``, else ``desk.db`` in the user's data directory (platformdirs)."""
    if os.environ.get(DESK_ENV):
        return Path(os.environ[DESK_ENV]).expanduser()
    from platformdirs import user_data_path

    return user_data_path("deskcheck", appauthor=False) / "desk.db"


def default_reviewer() -> str:
    """``$DESKCHECK_REVIEWER``, else the name of the OS user."""
    if os.environ.get(REVIEWER_ENV):
        return os.environ[REVIEWER_ENV]
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, as in some containers
        return "reviewer"


def sample_desk_file() -> Path:
    """The committed sample desk: inside the package when installed from a wheel, at the top
    of the repository in a checkout or an editable install."""
    for candidate in (
        PACKAGE_DIR / "sample_db" / "sample.db",
        PACKAGE_DIR.parent / "sample_db" / "sample.db",
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("the sample desk (sample_db/sample.db) is missing from this install")


def sample_desk_source() -> Path:
    return sample_desk_file().with_name("sample_desk.toml")


def copy_sample_desk(target: Path) -> None:
    """Seed a new desk with the sample, so the packaged copy stays pristine."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample_desk_file(), target)


def config_file() -> Path:
    """``config.toml`` in the user's config directory (platformdirs)."""
    from platformdirs import user_config_path

    return user_config_path("deskcheck", appauthor=False) / "config.toml"


def saved_reviewer(path: Path | None = None) -> str | None:
    """The reviewer name saved by an earlier session, if any."""
    import tomllib

    path = path or config_file()
    try:
        name = tomllib.loads(path.read_text(encoding="utf-8")).get("reviewer")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return name if isinstance(name, str) and name.strip() else None


def save_reviewer(name: str, path: Path | None = None) -> None:
    """Write the reviewer's name into the config file, keeping the rest of it (a keymap)."""
    import json

    path = path or config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        lines = []
    kept: list[str] = []
    in_table = False
    for line in lines:
        in_table = in_table or line.lstrip().startswith("[")
        if in_table or not line.replace(" ", "").startswith("reviewer="):
            kept.append(line if line.endswith("\n") else line + "\n")
    # a JSON string is a valid TOML basic string
    path.write_text(f"reviewer = {json.dumps(name)}\n" + "".join(kept), encoding="utf-8")


MOST_CONFIG_BYTES = 1_000_000


def saved_keymap(path: Path | None = None) -> tuple[object, str | None]:
    """The ``[keymap]`` table of the config file as written (None when it has none), and
    why the file could not be read, if it could not."""
    import tomllib

    path = path or config_file()
    try:
        if path.stat().st_size > MOST_CONFIG_BYTES:
            return None, f"{path.name} is larger than 1 MB: its keymap is not read"
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as error:
        return None, f"{path} could not be read ({type(error).__name__}): its keymap is not used"
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        return None, f"{path.name} is not TOML ({error}): its keymap is not used"
    return data.get("keymap"), None


def configured_reviewer() -> str | None:
    """``$DESKCHECK_REVIEWER``, else the saved name; None when the desk should ask."""
    return os.environ.get(REVIEWER_ENV) or saved_reviewer()
