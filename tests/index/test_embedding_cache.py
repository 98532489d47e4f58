"""The embedding cache encodes each text once, gives the vectors in the texts' order, and keeps
them through save and load, with texts added after loading."""

from pathlib import Path

import numpy as np

from policy_kg.index.embedding_cache import EmbeddingCache
from policy_kg.progress import no_progress


class CountingEncoder:
    """A vector per text from its length and first character; counts what it encodes."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.encoded += texts
        return np.array([[len(t), ord(t[0]), 1.0] for t in texts], dtype=np.float32)


def test_each_text_is_encoded_once_and_read_in_order(tmp_path: Path):
    encode = CountingEncoder()
    cache = EmbeddingCache(tmp_path / "cache.npz")
    vectors = cache.embed(["あい", "う", "あい"], encode, "embeddings", no_progress)
    assert sorted(encode.encoded) == ["あい", "う"]
    assert vectors[:, 0].tolist() == [2, 1, 2]
    assert cache.matrix(["う", "あい", "う"])[:, 0].tolist() == [1, 2, 1]


def test_vectors_survive_save_and_load_and_new_texts_join_them(tmp_path: Path):
    path = tmp_path / "cache.npz"
    EmbeddingCache(path).embed(["一つ目", "二"], CountingEncoder(), "embeddings", no_progress)
    encode = CountingEncoder()
    reloaded = EmbeddingCache(path)
    vectors = reloaded.embed(["二", "三番目の文"], encode, "embeddings", no_progress)
    assert encode.encoded == ["三番目の文"]
    assert vectors[:, 0].tolist() == [1, 5]
    assert reloaded.matrix(["三番目の文", "一つ目", "二"])[:, 0].tolist() == [5, 3, 1]
    assert EmbeddingCache(path).matrix(["三番目の文", "二"])[:, 0].tolist() == [5, 1]
