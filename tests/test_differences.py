"""What differs between two alike claims: each kind of difference in each language matching
is tested in, named in the claims' own words and holding the pair below "probably already
checked"; and the `differs` field of `deskcheck similar --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskcheck.domain.claim_terms import claim_words
from deskcheck.domain.likeness import LIKELY, likeness, says_differently

# (language, kind, new claim, earlier claim, what differs: (new's words, earlier's words))
CASES = [
    (
        "en",
        "direction",
        "The mayor said rents will be raised by 15 percent next year.",
        "The mayor said rents will be cut by 15 percent next year.",
        ("raised", "cut"),
    ),
    (  # reworded as well: a direction is told by its words wherever they stand
        "en",
        "direction",
        "Rents will be raised by 15% next year, the mayor said.",
        "The mayor said rents will be cut by 15 percent next year.",
        ("raised", "cut"),
    ),
    (  # "create" and "cut" stand apart in the sentence: the direction still holds
        "en",
        "direction",
        "Halbrook Motors is to create 4,000 jobs at the Dunmere plant next year.",
        "Halbrook Motors will cut 4,000 jobs at its Dunmere plant next year.",
        ("create", "cut"),
    ),
    (
        "en",
        "negation",
        "Vaccines do not cause autism in young children.",
        "Vaccines cause autism in young children.",
        ("do not cause", "cause"),
    ),
    (
        "en",
        "negation",
        "The bank no longer charges fees for transfers abroad.",
        "The bank charges fees for transfers abroad.",
        ("no longer charges", "charges"),
    ),
    (
        "en",
        "word",
        "Floods killed more than 2,000 sheep in Wales in 2024.",
        "Floods killed more than 2,000 cattle in Wales in 2024.",
        ("sheep", "cattle"),
    ),
    (
        "en",
        "word",
        "The rugby team's captain quit after a betting scandal.",
        "The cricket team's captain quit after a doping scandal.",
        ("rugby", "cricket"),
    ),
    (
        "en",
        "number",
        "The government bought 3 million doses of the vaccine.",
        "The government bought 30 million doses of the vaccine.",
        ("3 million", "30 million"),
    ),
    (
        "en",
        "date",
        "The government bought vaccine doses in March 2021.",
        "The government bought vaccine doses in March 2022.",
        ("2021", "2022"),
    ),
    (
        "es",
        "direction",
        "El Gobierno bajó el salario mínimo un 8% en enero.",
        "El Gobierno subió el salario mínimo un 8% en enero.",
        ("bajó", "subió"),
    ),
    (
        "es",
        "negation",
        "Las vacunas contra el coronavirus no contienen grafeno magnético.",
        "Las vacunas contra el coronavirus contienen grafeno magnético.",
        ("no contienen", "contienen"),
    ),
    (
        "es",
        "word",
        "Beber agua con vinagre cura el cáncer en pocas semanas.",
        "Beber agua con bicarbonato cura el cáncer en pocas semanas.",
        ("vinagre", "bicarbonato"),
    ),
    (
        "es",
        "number",
        "El Gobierno compró 20 millones de mascarillas defectuosas.",
        "El Gobierno compró 2 millones de mascarillas defectuosas.",
        ("20 millones", "2 millones"),
    ),
    (
        "es",
        "date",
        "El Gobierno subió el salario mínimo un 8% en julio.",
        "El Gobierno subió el salario mínimo un 8% en enero.",
        ("julio", "enero"),
    ),
    (
        "de",
        "direction",
        "Die Regierung hat die Mieten in München im letzten Jahr gesenkt.",
        "Die Regierung hat die Mieten in München im letzten Jahr erhöht.",
        ("gesenkt", "erhöht"),
    ),
    (
        "de",
        "negation",
        "Der Impfstoff verändert das menschliche Erbgut nicht dauerhaft.",
        "Der Impfstoff verändert das menschliche Erbgut dauerhaft.",
        ("nicht dauerhaft", "dauerhaft"),
    ),
    (
        "de",
        "word",
        "Ein Bär hat in Bayern zwölf Schafe gerissen.",
        "Ein Wolf hat in Bayern zwölf Schafe gerissen.",
        ("Bär", "Wolf"),
    ),
    (
        "de",
        "number",
        "Ein Wolf hat in Bayern zwei Schafe gerissen.",
        "Ein Wolf hat in Bayern zwölf Schafe gerissen.",
        ("zwei", "zwölf"),
    ),
    (
        "de",
        "date",
        "Die Bundesregierung will ab 2030 alle Ölheizungen verbieten.",
        "Die Bundesregierung will ab 2025 alle Ölheizungen verbieten.",
        ("2030", "2025"),
    ),
    (
        "ar",
        "direction",
        "الحكومة خفضت سعر الخبز بنسبة 50 في المئة هذا الشهر",
        "الحكومة رفعت سعر الخبز بنسبة 50 في المئة هذا الشهر",
        ("خفضت", "رفعت"),
    ),
    (
        "ar",
        "negation",
        "شرب الماء الساخن لا يقتل فيروس كورونا في الحلق",
        "شرب الماء الساخن يقتل فيروس كورونا في الحلق",
        ("لا يقتل", "يقتل"),
    ),
    (
        "ar",
        "word",
        "الفيضانات قتلت أكثر من 200 رأس من الأبقار في الجنوب",
        "الفيضانات قتلت أكثر من 200 رأس من الأغنام في الجنوب",
        ("الأبقار", "الأغنام"),
    ),
    (
        "ar",
        "number",
        "الفيضانات قتلت أكثر من 2000 رأس من الأغنام في الجنوب",
        "الفيضانات قتلت أكثر من 200 رأس من الأغنام في الجنوب",
        ("2000", "200"),
    ),
    (
        "ar",
        "date",
        "انهيار سد في الشمال في مارس 2023 أدى إلى مقتل 300 شخص",
        "انهيار سد في الشمال في مارس 2024 أدى إلى مقتل 300 شخص",
        ("2023", "2024"),
    ),
    ("zh", "direction", "政府降低了明年的电价", "政府提高了明年的电价", ("降低", "提高")),
    ("zh", "negation", "政府没有提高明年的电价", "政府提高明年的电价", ("没有提高", "提高")),
    ("zh", "word", "洪水导致云南两千多只山羊死亡", "洪水导致云南两千多只绵羊死亡", ("山", "绵")),
    (
        "zh",
        "word",
        "政府宣布明年起取消所有国道收费",
        "政府宣布明年起取消所有高速公路收费",
        ("国道", "高速公路"),
    ),
    (
        "zh",
        "number",
        "上海去年有50万人口离开了这座城市",
        "上海去年有500万人口离开了这座城市",
        ("50万", "500万"),
    ),
    ("zh", "date", "上海在2022年有500万人口离开", "上海在2023年有500万人口离开", ("2022", "2023")),
]


@pytest.mark.parametrize(
    ("language", "kind", "new", "old", "differs"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)],
)
def test_a_difference_is_named_in_words_and_keeps_the_pair_below_likely(
    language: str, kind: str, new: str, old: str, differs: tuple[str, str]
) -> None:
    how = likeness(claim_words(new), claim_words(old))
    assert how.score < LIKELY, (how.score, how.differs)
    assert how.score >= 35, "still shown: similar, but says something else"
    assert differs in how.differs, how.differs
    # the reason names words as written, never the stems matching compares
    assert not {"rais", "vaccin", "govern", "mascarill"} & set(how.reason.replace(",", " ").split())


def test_every_kind_in_every_language_is_tested() -> None:
    kinds = {(c[0], c[1]) for c in CASES}
    for language in ("en", "es", "de", "ar", "zh"):
        for kind in ("direction", "negation", "word", "number", "date"):
            assert (language, kind) in kinds


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (
            "In March 2021 the government purchased 3 million vaccine doses.",
            "The government bought 3 million doses of the vaccine in March 2021.",
        ),
        (
            "Crime in Springfield went up 40% after the police budget was cut.",
            "Crime in Springfield rose by 40 percent after the police budget was cut.",
        ),
        (
            "The bank does not charge fees for transfers abroad.",
            "The bank doesn't charge fees for transfers abroad.",
        ),
        (
            "Die Mieten in München wurden im letzten Jahr von der Regierung erhöht.",
            "Die Regierung hat die Mieten in München im letzten Jahr erhöht.",
        ),
        ("明年的电价被政府提高了", "政府提高了明年的电价"),
    ],
)
def test_a_rewording_that_says_the_same_names_no_difference(new: str, old: str) -> None:
    how = likeness(claim_words(new), claim_words(old))
    assert how.differs == () and how.score >= LIKELY


def test_arabic_still_is_no_negation() -> None:
    """ "لا يزال" is "still": a negation that the word after it turns into an affirmation."""
    how = likeness(
        claim_words("الوزير لا يزال يرفض رفع سعر الخبز هذا الشهر"),
        claim_words("الوزير يرفض رفع سعر الخبز هذا الشهر"),
    )
    assert not any(kind for kind in how.differs if "لا" in kind[0])


def test_chinese_words_that_hold_a_negation_character_deny_nothing() -> None:
    """未来 is "the future", 不断 "again and again": they deny nothing; 没有 and 不 do."""
    from deskcheck.domain.contrast import negations

    assert negations(claim_words("政府未来将不断提高电价")) == ()
    denied = negations(claim_words("政府没有提高电价，也不会降低"))
    assert [h.said for h in denied] == ["没有", "不"]


def test_hostile_words_in_a_difference_stay_text() -> None:
    how = likeness(
        claim_words("The mayor said rents will be raised [bold]now[/] by 15 percent."),
        claim_words("The mayor said rents will be cut [bold]now[/] by 15 percent."),
    )
    assert ("raised", "cut") in how.differs
    assert says_differently(how.differs) == "differs: raised ≠ cut"


@given(st.text(max_size=200), st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_two_texts_give_a_score_and_differences_of_their_own_words(a: str, b: str) -> None:
    new, old = claim_words(a), claim_words(b)
    how = likeness(new, old)
    assert 0 <= how.score <= 100
    # the claims' own words, a run of white space (a line break, \r) shown as one space
    new_words, old_words = " ".join(new.text.split()), " ".join(old.text.split())
    for said_new, said_old in how.differs:
        assert said_new in new_words and said_old in old_words


def test_similar_json_lists_what_differs_as_word_pairs(sample_path: Path) -> None:
    from tests.conftest import run_cli

    near = "Kessford city council has voted to keep accepting cash on its buses from 1 September."
    result = run_cli("similar", near, "--json", "--desk", str(sample_path))
    assert result.exit_code == 0, result.output
    top = json.loads(result.output)["matches"][0]
    assert top["id"] == 2 and top["differs"] == [["keep", "stop"]]
    assert top["says_something_else"] is True and top["likely"] is False
    text = run_cli("similar", near, "--desk", str(sample_path)).output
    assert "similar, but says something else" in text and "differs: keep ≠ stop" in text
    assert "why: shares" in text and "kessford" not in text.split("why:")[1]  # words, as written
