"""Saved records read back as they were, with their texts stored beside the pickle."""

import pickle

from matching import Cooperation, Document
from matching.persistence import packed


def test_packed_records_round_trip_with_their_texts_out_of_band():
    docs = [
        Document("a", "SE", description="Äldreomsorg på landsbygden", needs="", offers="ö"),
        Document("b", "DK", description="", needs="Ældrepleje og søer", themes=frozenset({"x"})),
        Document("c", "SE"),
    ]
    buffers = []
    data = pickle.dumps(packed(docs, Document), protocol=5, buffer_callback=buffers.append)
    assert "Ældrepleje".encode() not in data  # the texts travel as a buffer, not in the pickle
    assert any("Ældrepleje".encode() in bytes(b.raw()) for b in buffers)
    loaded = pickle.loads(data, buffers=buffers)
    assert list(loaded) == docs and loaded[-1] == docs[-1] and loaded[1:] == docs[1:]
    coops = [Cooperation("k", frozenset({"a", "b"}), text="Skybrud – Öresund", year=2019)]
    assert list(pickle.loads(pickle.dumps(packed(coops, Cooperation)))) == coops
