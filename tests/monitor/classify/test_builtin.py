from pathlib import Path

import numpy as np
import pytest

from marsad.monitor.classify.builtin import BuiltinClassifier, ModelError
from marsad.monitor.classify.features import Featuriser, word_spans
from marsad.monitor.classify.training import evaluate, train
from tests.monitor.classify.synthetic import examples

pytestmark = [pytest.mark.unit]

SMALL = {"bits": 16, "max_iter": 20, "min_language_examples": 100}


@pytest.fixture(scope="module")
def model() -> BuiltinClassifier:
    return train(
        examples(600, split="train", seed=1),
        examples(150, split="dev", seed=2),
        model=BuiltinClassifier(**SMALL),
    )


def test_training_on_synthetic_posts_reaches_high_accuracy(model) -> None:
    result = evaluate(model, examples(300, split="test", seed=3))

    assert result["overall"]["macro_f1"] >= 0.95
    assert set(result["by_lang"]) == {"ar", "he", "en"}
    assert all(r["abusive_f1"] >= 0.95 for r in result["by_lang"].values())
    assert set(model.thresholds_) == {"ar", "he", "en"}
    assert set(model.lang_models_) == {"ar", "he", "en"}


def test_training_is_repeatable_with_a_seed() -> None:
    data = examples(450, split="train", seed=4)
    texts, labels = [e.text for e in data], [e.label for e in data]
    langs = [e.lang for e in data]

    first = BuiltinClassifier(**SMALL, random_state=7).fit(texts, labels, langs)
    second = BuiltinClassifier(**SMALL, random_state=7).fit(texts, labels, langs)

    assert np.array_equal(first.coef_, second.coef_)
    assert np.array_equal(first.intercept_, second.intercept_)
    for lang in ("ar", "he", "en"):
        assert np.array_equal(first.lang_models_[lang][0], second.lang_models_[lang][0])


def test_saved_model_round_trips_bit_identically(model, tmp_path: Path) -> None:
    model.save(tmp_path / "a", trained_on=["synthetic"])
    loaded = BuiltinClassifier.load(tmp_path / "a")
    loaded.save(tmp_path / "b", trained_on=["synthetic"])

    for name in ("weights.npz", "model.json"):
        assert (tmp_path / "a" / name).read_bytes() == (
            tmp_path / "b" / name
        ).read_bytes()
    texts = [e.text for e in examples(30, split="test", seed=5)]
    assert np.array_equal(
        loaded.predict_proba(texts),
        BuiltinClassifier.load(tmp_path / "b").predict_proba(texts),
    )
    assert loaded.thresholds_ == model.thresholds_


def test_a_tampered_model_is_refused(model, tmp_path: Path) -> None:
    model.save(tmp_path)
    weights = tmp_path / "weights.npz"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))

    with pytest.raises(ModelError, match="does not match the checksum"):
        BuiltinClassifier.load(tmp_path)


def test_a_model_folder_without_description_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"model\.json: cannot be read"):
        BuiltinClassifier.load(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "😡🔥😂" * 50,
        "كلمة " * 20_000,
        "\u200fשלום\u200e mixed عربي English 123",
        "\u202b\u202c\u2066\u2069",
        "a",
        "\x00\x01",
    ],
)
def test_odd_texts_never_crash(model, text: str) -> None:
    proba = model.predict_proba([text])

    assert proba.shape == (1, 3)
    assert np.isfinite(proba).all()
    assert model.predict([text], ["other"])[0] in {"hate", "offensive", "none"}
    assert isinstance(model.explain(text), list)


def test_explanation_names_words_of_the_post_as_written(model) -> None:
    text = "bluefolk are vermin, expelled from the city"

    evidence = model.explain(text)

    assert evidence, "a hateful synthetic post has reasons"
    assert evidence[0].category == "hate"
    assert {e.text for e in evidence} <= set(text.split())
    assert "vermin," in {e.text for e in evidence} or "bluefolk" in {
        e.text for e in evidence
    }


def test_explanation_features_are_the_scored_features() -> None:
    featuriser = Featuriser(bits=18)
    norm = "والزرقيين حشرات, shut up בבית"
    batch = featuriser.transform_normalised([norm])

    credited: dict[int, float] = {}
    for _, bucket, share, _block in featuriser.word_buckets(norm):
        credited[bucket] = credited.get(bucket, 0.0) + share
    counted: dict[int, float] = {}
    for bucket in batch.buckets.tolist():
        counted[bucket] = counted.get(bucket, 0.0) + 1.0

    assert credited == counted


def test_word_spans_keep_the_original_script() -> None:
    assert word_spans("الكِلاب  هنا", "الكلاب هنا") == ["الكِلاب", "هنا"]
    assert word_spans("ﷺ x", "صلي الله عليه وسلم x") == [
        "صلي",
        "الله",
        "عليه",
        "وسلم",
        "x",
    ]
