"""A day at the desk from the command line: the odd arguments, pipes and outputs a
fact-checker meets, each answered in one line with an exit code that tells the truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_process


@pytest.mark.parametrize(
    ("claim", "says"),
    [
        ("²", "nothing on the desk"),  # a superscript passes str.isdigit; it is text
        ("", "give a claim number or the text of a claim"),
        ("   ", "give a claim number or the text of a claim"),
        (str(2**70), f"no claim {2**70} on this desk"),
        ("0", "no claim 0 on this desk"),
    ],
)
def test_similar_answers_an_odd_claim_in_one_line(sample_path: Path, claim: str, says: str) -> None:
    result = run_process("similar", claim, "--desk", str(sample_path))
    assert result.returncode == 1
    assert says in result.stdout + result.stderr
    assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr
