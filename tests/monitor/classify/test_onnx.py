"""The ONNX backend on a tiny model built here: embeddings summed over tokens."""

import json
from pathlib import Path

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
tokenizers = pytest.importorskip("tokenizers")

from onnx import TensorProto, helper  # noqa: E402

from marsad.monitor.classify.onnx import OnnxClassifier, OnnxModelError  # noqa: E402

pytestmark = [pytest.mark.unit]

VOCAB = ["[PAD]", "[UNK]", "idiot", "vermin", "hello", "friends", "حمار", "חרקים"]
# Logit rows per token: columns follow id2label below (NOT, OFF, HS).
EMBEDDING = {
    "idiot": [0.0, 4.0, 0.0],
    "vermin": [0.0, 0.0, 4.0],
    "حمار": [0.0, 4.0, 0.0],
    "חרקים": [0.0, 0.0, 4.0],
    "hello": [2.0, 0.0, 0.0],
    "friends": [2.0, 0.0, 0.0],
}


def build_model(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    table = np.zeros((len(VOCAB), 3), dtype=np.float32)
    for word, row in EMBEDDING.items():
        table[VOCAB.index(word)] = row
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["embedding", "input_ids"], ["vectors"]),
            helper.make_node("Cast", ["attention_mask"], ["maskf"], to=1),
            helper.make_node("Unsqueeze", ["maskf", "axis2"], ["mask3"]),
            helper.make_node("Mul", ["vectors", "mask3"], ["masked"]),
            helper.make_node("ReduceSum", ["masked", "axis1"], ["logits"], keepdims=0),
        ],
        "tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, [None, None]),
            helper.make_tensor_value_info(
                "attention_mask", TensorProto.INT64, [None, None]
            ),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [None, 3])],
        initializer=[
            helper.make_tensor("embedding", TensorProto.FLOAT, table.shape, table),
            helper.make_tensor("axis1", TensorProto.INT64, [1], [1]),
            helper.make_tensor("axis2", TensorProto.INT64, [1], [2]),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    onnx.save(model, folder / "model.onnx")
    tokenizer = tokenizers.Tokenizer(
        tokenizers.models.WordLevel(
            {w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"
        )
    )
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "config.json").write_text(
        json.dumps(
            {
                "id2label": {"0": "NOT", "1": "OFF", "2": "HS"},
                "max_length": 16,
                "thresholds": {"he": [0.4, 0.5]},
            }
        )
    )
    return folder


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> OnnxClassifier:
    return OnnxClassifier.load(build_model(tmp_path_factory.mktemp("onnx")))


def test_onnx_model_scores_in_marsad_labels(model: OnnxClassifier) -> None:
    texts = ["hello friends", "you idiot", "they are vermin", "يا حمار", "חרקים"]

    proba = model.predict_proba(texts)

    assert proba.shape == (5, 3)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert model.decide(proba, ["en", "en", "en", "ar", "he"]) == [
        "none",
        "offensive",
        "hate",
        "offensive",
        "hate",
    ]
    assert model.thresholds_ == {"he": (0.4, 0.5)}


def test_onnx_batches_and_truncation_agree(model: OnnxClassifier) -> None:
    long = "hello " * 100 + "idiot"  # the insult is cut off at 16 tokens
    texts = ["you idiot"] * 40 + [long]

    proba = model.predict_proba(texts)

    assert np.allclose(proba[0], proba[39])
    assert model.decide(proba[40:], ["en"]) == ["none"]


def test_onnx_explains_by_occlusion(model: OnnxClassifier) -> None:
    evidence = model.explain("hello you idiot")

    assert [(e.category, e.text) for e in evidence] == [("offensive", "idiot")]


@pytest.mark.parametrize("missing", ["model.onnx", "tokenizer.json", "config.json"])
def test_an_incomplete_folder_is_refused(tmp_path: Path, missing: str) -> None:
    folder = build_model(tmp_path / "m")
    (folder / missing).unlink()

    with pytest.raises(OnnxModelError, match=f"{missing}: missing"):
        OnnxClassifier.load(folder)


def test_unknown_labels_are_refused(tmp_path: Path) -> None:
    folder = build_model(tmp_path / "m")
    (folder / "config.json").write_text(json.dumps({"id2label": {"0": "spam"}}))

    with pytest.raises(OnnxModelError, match="label 'spam'"):
        OnnxClassifier.load(folder)
