import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from matching.encoder import TextEncoder
from matching.text import char_ngrams, cognate_key, concepts, detect_language, fold


def test_nordic_folding():
    assert fold("Åbo Ärlig Æble Öl Øl") == "abo arlig able ol ol"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Vi vill utveckla samarbetet och är öppna för nya idéer", "sv"),
        ("Vi ønsker at udvikle samarbejdet og er åbne for nye idéer", "da"),
        ("We want to develop the cooperation with our neighbours", "en"),
    ],
)
def test_language_detection(text, expected):
    assert detect_language(text) == expected


def test_lexicon_matches_words_and_compounds_but_not_lookalikes():
    assert concepts("forskolelarare") == ("preschool",)
    assert concepts("bornehaverne") == ("preschool",)
    assert concepts("bornholm") == ()
    assert "business" in concepts("erhvervslivet") and "business" in concepts("naringslivet")


def test_cognate_keys_meet():
    assert cognate_key("samarbete") == cognate_key("samarbejde")
    assert cognate_key("utveckling") == cognate_key("udvikling")
    assert cognate_key("skol") is None


def test_char_ngrams_equal_scikit_learns_char_wb():
    analyzer = CountVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), lowercase=False
    ).build_analyzer()
    for text in ["samarbete i kommunen", "a bc def", ""]:
        assert char_ngrams(text, 3, 5) == analyzer(text)


def test_fast_single_row_encoding_equals_batch_encoding():
    texts = [
        "Vi söker samarbete om förskolan.",
        "Vi tilbyder erfaring med skybrud.",
        "Kultur og turisme.",
        "",
    ]
    encoder = TextEncoder().fit(texts, ["sv", "da", "da", "sv"])
    batch = encoder.transform(texts, ["sv", "da", "da", "sv"]).toarray()
    for i, text in enumerate(texts):
        one = encoder.transform_one(text, ["sv", "da", "da", "sv"][i]).toarray()[0]
        assert np.allclose(one, batch[i], atol=1e-6)


def test_counting_a_batch_through_the_token_table_equals_counting_token_by_token(monkeypatch):
    """Large batches are counted as (texts x distinct tokens) @ (tokens x features); the
    vocabulary, the IDF, the pruning (max_df) and every row must be what counting each
    token gives."""
    import matching.encoder as encoder_module

    words = (
        "samarbete förskolan skybrud kultur turisme vatten klimat klimatanpassning "
        "bibliotek äldreomsorg ældrepleje kommunerna kommunen udvikling utveckling"
    ).split()
    rng = np.random.default_rng(3)
    texts = [" ".join(rng.choice(words, int(rng.integers(0, 12)))) for _ in range(150)]
    texts[-5:] = ["nyckelord", "brobyggare", "havnebad", "skärgård", "solceller"]  # only late
    languages = [("sv", "da", "en")[i % 3] for i in range(len(texts))]
    later = ["Ny text om vatten och skybrud", "helt okända ord qwxz"] * 40

    def encode(bulk_from):
        monkeypatch.setattr(encoder_module, "BULK_TEXTS", bulk_from)
        monkeypatch.setattr(encoder_module, "FIT_CHUNK", 110)  # the last 40 one by one
        encoder = TextEncoder(char_ngrams=(2, 4), max_df=0.3).fit(texts, languages)
        rows = encoder.transform(texts, languages)
        rows_later = encoder.transform(later, ["sv", "da"] * 40)
        return encoder, rows.toarray(), rows_later.toarray()

    by_token, rows_a, later_a = encode(10**9)
    by_table, rows_b, later_b = encode(64)
    assert by_token._words.index == by_table._words.index
    assert by_token._chars.index == by_table._chars.index
    assert np.array_equal(by_token._char_idf, by_table._char_idf)
    assert len(by_table._chars) < len(set().union(*(char_ngrams(t, 2, 4) for t in texts)))
    assert np.allclose(rows_a, rows_b, atol=1e-7) and np.allclose(later_a, later_b, atol=1e-7)
    assert rows_b[:, : by_table.n_word_features_].any()


def test_every_lexicon_form_is_a_token_the_tokenizer_can_produce():
    """A form with `_`, a digit or a space, or a stop word, could never match."""
    from matching.lexicon import CONCEPTS
    from matching.text import content_tokens, fold

    for concept, forms in CONCEPTS.items():
        for form in forms:
            assert [t for t, _ in content_tokens(form)] == [fold(form)], (concept, form)


def test_short_cognate_keys_are_not_made():
    from matching.text import cognate_key

    assert cognate_key("kommun") is None and cognate_key("kamin") is None
    assert cognate_key("bostad") is None and cognate_key("bestod") is None
    assert cognate_key("samarbete") == cognate_key("samarbejde")
    assert cognate_key("utveckling") == cognate_key("udvikling")


def test_lexicon_concepts_are_word_features_only():
    from matching import Document, Matcher

    docs = [
        Document("a", "SE", description="Förskolan och näringslivet i kommunen"),
        Document("b", "DK", description="Børnehaven og erhvervslivet i kommunen"),
    ]
    encoder = Matcher().fit(docs).encoder_
    assert any(name.startswith("lex_") for name in encoder._words.index)
    assert not any("lex" in gram for gram in encoder._chars.index)


def test_a_profile_written_in_english_is_stemmed_as_english():
    """A document's language came from its country: English text was stemmed as Swedish."""
    from matching.text import written_in

    english = "We work with elderly care and welfare technology in our municipality."
    assert written_in(english, "sv") == "en" and written_in(english, "da") == "en"
    assert written_in("Vi arbetar med äldreomsorg och välfärdsteknik.", "sv") == "sv"
    assert written_in("Vi arbejder med ældrepleje og velfærdsteknologi.", "da") == "da"
    assert written_in("Kommunen", "da") == "da"  # nothing tells: the country's language
