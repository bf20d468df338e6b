"""`marsad monitor train|evaluate|classify` end to end on synthetic labelled files."""

import json
from pathlib import Path

import orjson
import pytest

from marsad.cli import main
from marsad.monitor.pipeline import build_scorer
from tests.monitor.classify.synthetic import examples

pytestmark = [pytest.mark.integration]


def write_labelled(path: Path) -> Path:
    rows = [
        *examples(450, split="train", seed=11),
        *examples(90, split="dev", seed=12),
        *examples(90, split="test", seed=13),
    ]
    path.write_bytes(
        b"".join(
            orjson.dumps(
                {
                    "id": e.id,
                    "text": e.text,
                    "lang": e.lang,
                    "label": e.label,
                    "split": e.split,
                    "source": e.source,
                }
            )
            + b"\n"
            for e in rows
        )
    )
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    folder = tmp_path_factory.mktemp("cli")
    data = write_labelled(folder / "labelled.jsonl")
    out = folder / "model"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = main(
            ["monitor", "train", "--data", str(data), "--out", str(out), "--json"]
        )
    assert status == 0
    return data, out, json.loads(buffer.getvalue())


@pytest.fixture(autouse=True)
def _active_model(settings: object, trained: tuple[Path, Path, dict]) -> None:
    settings.MARSAD_CLASSIFIER_MODEL = str(trained[1])
    build_scorer.cache_clear()


def test_train_writes_a_model_and_reports_test_figures(trained) -> None:
    _data, out, report = trained

    assert sorted(p.name for p in out.iterdir()) == ["model.json", "weights.npz"]
    assert report["trained_on"] == ["labelled.jsonl"]
    assert report["sizes"]["synthetic-ar"] == {"train": 150, "dev": 30, "test": 30}
    assert report["test"]["overall"]["macro_f1"] >= 0.95
    described = json.loads((out / "model.json").read_text())
    assert described["test"] == report["test"]


def test_evaluate_prints_the_design_object(trained, capsys) -> None:
    data, out, _ = trained

    status = main(
        ["monitor", "evaluate", "--data", str(data), "--model", str(out), "--json"]
    )
    figures = json.loads(capsys.readouterr().out)

    assert status == 0
    assert set(figures) == {"overall", "by_lang", "by_source", "posts_per_second"}
    for group in (figures["overall"], *figures["by_lang"].values()):
        assert {"macro_f1", "precision", "recall", "n"} <= set(group)
    assert figures["overall"]["n"] == 90
    assert set(figures["by_source"]) == {"synthetic-ar", "synthetic-en", "synthetic-he"}


def test_classify_texts_with_reasons(capsys) -> None:
    status = main(
        [
            "monitor",
            "classify",
            "bluefolk vermin must be expelled from the city",
            "thanks lovely happy today",
            "--json",
        ]
    )
    results = json.loads(capsys.readouterr().out)["results"]

    assert status == 0
    assert [r["label"] for r in results] == ["hate", "none"]
    assert results[0]["categories"] == ["hate"]
    assert results[0]["lang"] == "en"
    assert results[0]["explanation"][0]["kind"] == "feature"
    assert results[1]["explanation"] == []
    assert set(results[0]["scores"]) == {"hate", "offensive", "none"}


def test_classify_input_file_reports_bad_lines(tmp_path: Path, capsys) -> None:
    source = tmp_path / "posts.jsonl"
    source.write_text(
        '{"id": "a", "text": "shut up idiot moron loser"}\nnot json\n{"id": "c"}\n',
        encoding="utf-8",
    )

    status = main(["monitor", "classify", "--input", str(source), "--json"])
    out, err = capsys.readouterr()

    assert status == 1
    assert [(r["id"], r["line"], r["label"]) for r in json.loads(out)["results"]] == [
        ("a", 1, "offensive")
    ]
    assert f"{source}:2: is not valid JSON" in err
    assert f'{source}:3: has no "text"' in err


def test_evaluate_refuses_a_bad_labelled_file(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "rude", "split": "test"}\n')

    status = main(["monitor", "evaluate", "--data", str(bad)])

    assert status == 1
    assert f"{bad}:1: label 'rude' is not one of hate, offensive, none" in (
        capsys.readouterr().err
    )


def test_a_tampered_active_model_is_reported(trained, tmp_path: Path, settings, capsys):
    copy = tmp_path / "model"
    copy.mkdir()
    for name in ("model.json", "weights.npz"):
        (copy / name).write_bytes((trained[1] / name).read_bytes())
    (copy / "weights.npz").write_bytes(b"not the weights")
    settings.MARSAD_CLASSIFIER_MODEL = str(copy)
    build_scorer.cache_clear()

    status = main(["monitor", "classify", "hello"])

    assert status == 1
    assert "does not match the checksum in model.json" in capsys.readouterr().err
