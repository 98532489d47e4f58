"""The embedding cache encodes each text once, gives the vectors in the texts' order, and keeps
them through save and load, with texts added after loading; it writes its file only when
saved, and only when it grew."""

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


def _saved(path: Path, texts: list[str]) -> None:
    cache = EmbeddingCache(path)
    cache.embed(texts, CountingEncoder(), "embeddings", no_progress)
    cache.save()


def test_vectors_survive_save_and_load_and_new_texts_join_them(tmp_path: Path):
    path = tmp_path / "cache.npz"
    _saved(path, ["一つ目", "二"])
    encode = CountingEncoder()
    reloaded = EmbeddingCache(path)
    vectors = reloaded.embed(["二", "三番目の文"], encode, "embeddings", no_progress)
    assert encode.encoded == ["三番目の文"]
    assert vectors[:, 0].tolist() == [1, 5]
    assert reloaded.matrix(["三番目の文", "一つ目", "二"])[:, 0].tolist() == [5, 3, 1]
    reloaded.save()
    assert EmbeddingCache(path).matrix(["三番目の文", "二"])[:, 0].tolist() == [5, 1]


def test_the_file_is_written_when_saved_and_only_when_the_cache_grew(tmp_path: Path):
    path = tmp_path / "cache.npz"
    cache = EmbeddingCache(path)
    cache.embed(["一つ目"], CountingEncoder(), "embeddings", no_progress)
    assert not path.exists()
    cache.save()
    assert EmbeddingCache(path).missing(["一つ目"]) == []
    path.unlink()  # so that a write would show
    cache.embed(["一つ目"], CountingEncoder(), "embeddings", no_progress)
    cache.save()
    EmbeddingCache(path).save()
    assert not path.exists()


def test_an_unreadable_cache_is_embedded_again_and_written_anew(tmp_path: Path, caplog):
    path = tmp_path / "cache.npz"
    _saved(path, ["一つ目", "二"])
    path.write_bytes(path.read_bytes()[:100])  # cut short, as by a full disk
    encode = CountingEncoder()
    cache = EmbeddingCache(path)
    assert str(path) in caplog.text
    assert cache.embed(["二"], encode, "embeddings", no_progress)[:, 0].tolist() == [1]
    assert encode.encoded == ["二"]
    cache.save()
    assert EmbeddingCache(path).missing(["二", "一つ目"]) == ["一つ目"]


def test_keys_and_vectors_that_do_not_pair_are_unreadable(tmp_path: Path, caplog):
    path = tmp_path / "cache.npz"
    np.savez(path, keys=np.array(["a", "b"]), vectors=np.ones((3, 4), dtype=np.float32))
    assert EmbeddingCache(path).missing(["x"]) == ["x"]
    assert "2 keys for vectors of shape (3, 4)" in caplog.text
