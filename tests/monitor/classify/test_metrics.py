import gzip
from pathlib import Path

import pytest

from marsad.monitor.classify.data import DataError, Example, read_examples
from marsad.monitor.classify.metrics import scores, scores_by

pytestmark = [pytest.mark.unit]


def test_scores_by_hand() -> None:
    gold = ["hate", "hate", "offensive", "none", "none", "none"]
    pred = ["hate", "offensive", "offensive", "none", "hate", "none"]

    result = scores(gold, pred)

    # hate: tp 1, predicted 2, actual 2 -> P .5 R .5 F1 .5
    # offensive: tp 1, predicted 2, actual 1 -> P .5 R 1 F1 2/3
    # none: tp 2, predicted 2, actual 3 -> P 1 R 2/3 F1 .8
    assert result["precision"] == {"hate": 0.5, "offensive": 0.5, "none": 1.0}
    assert result["recall"] == {"hate": 0.5, "offensive": 1.0, "none": 2 / 3}
    assert result["f1"] == pytest.approx({"hate": 0.5, "offensive": 2 / 3, "none": 0.8})
    assert result["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0.8) / 3)
    # abusive: gold 3, predicted 4, both 3 -> F1 = 6/7
    assert result["abusive_f1"] == pytest.approx(6 / 7)
    assert result["n"] == 6


def test_a_label_absent_on_both_sides_is_left_out_of_the_macro_average() -> None:
    result = scores(["none", "offensive"], ["none", "offensive"])

    assert result["f1"] == {"hate": None, "offensive": 1.0, "none": 1.0}
    assert result["macro_f1"] == 1.0


def test_a_label_missing_from_gold_is_not_averaged_but_costs_precision() -> None:
    result = scores(["none", "offensive", "none"], ["none", "hate", "none"])

    assert result["f1"] == {"hate": None, "offensive": 0.0, "none": 1.0}
    assert result["precision"]["hate"] == 0.0
    assert result["macro_f1"] == 0.5
    assert result["abusive_f1"] == 1.0


def test_scores_by_group() -> None:
    result = scores_by(
        ["he", "ar", "he"], ["none", "hate", "hate"], ["none", "hate", "none"]
    )

    assert list(result) == ["ar", "he"]
    assert (result["ar"]["n"], result["he"]["n"]) == (1, 2)
    assert result["he"]["abusive_f1"] == 0.0


def test_read_examples_from_plain_and_gzipped_files(tmp_path: Path) -> None:
    plain = tmp_path / "a.jsonl"
    plain.write_text(
        '{"text": "شو هالحكي", "lang": "ar", "label": "none", "split": "train", '
        '"source": "syn"}\n\n'
        '{"text": "you idiot", "lang": "en", "label": "offensive", "split": "test", '
        '"source": "syn"}\n'
    )
    zipped = tmp_path / "b.jsonl.gz"
    with gzip.open(zipped, "wt", encoding="utf-8") as handle:
        handle.write(
            '{"text": "שלום", "lang": "he", "label": "none", "source": "s2"}\n'
        )

    everything = read_examples([plain, zipped])
    tests_only = read_examples([plain, zipped], split="test")

    assert [e.lang for e in everything] == ["ar", "en", "he"]
    assert everything[2] == Example("שלום", "none", "he", "train", "s2")
    assert [e.text for e in tests_only] == ["you idiot"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "x", "label": "racist"}', "a.jsonl:1: label 'racist' is not one of"),
        (
            '{"text": "x", "label": "none", "split": "valid"}',
            "a.jsonl:1: split 'valid'",
        ),
        ('{"text": " ", "label": "none"}', "a.jsonl:1: text is missing"),
        ("[1]", "a.jsonl:1: is not a JSON object"),
        ("{oops", "a.jsonl:1: is not valid JSON"),
    ],
)
def test_bad_labelled_lines_name_file_line_and_problem(
    tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(line + "\n")

    with pytest.raises(DataError, match=message):
        read_examples([path])
