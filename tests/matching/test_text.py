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
