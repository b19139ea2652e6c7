"""Small corpora with known answers. Nothing here imports flask, sqlalchemy or app."""

import pytest

from matching import Document


@pytest.fixture
def corpus():
    return [
        Document(
            "dk:preschool",
            "DK",
            description="Kommunen driver mange børnehaver.",
            needs="Vi søger erfaringer med digital dokumentation af børns læring.",
            offers="Vi tilbyder naturpædagogik og udeliv i børnehaver i skoven.",
            themes={"education", "children"},
        ),
        Document(
            "dk:stormwater",
            "DK",
            description="Kommunen har en skybrudsplan for klimatilpasning.",
            needs="Vi søger viden om grønne tage og regnbede.",
            offers="Vi tilbyder erfaring med skybrudsveje og oversvømmelser.",
            themes={"climate"},
        ),
        Document(
            "dk:procurement",
            "DK",
            description="Kommunen arbejder med bæredygtige udbud og indkøb.",
            needs="Vi søger klimakrav til udbud af fødevarer.",
            offers="Vi tilbyder markedsdialog med leverandører.",
            themes={"procurement"},
        ),
        Document(
            "se:lomma",
            "SE",
            description="Kommunen arbetar med förskolan.",
            needs="Vi söker kunskap om digital dokumentation.",
            offers="Vi erbjuder utomhuspedagogik.",
            themes={"education", "children"},
        ),
        Document(
            "se:helsingborg",
            "SE",
            description="Staden arbetar med dagvatten.",
            needs="Vi söker erfarenhet av skyfall.",
            offers="Vi erbjuder gröna tak.",
            themes={"climate"},
        ),
    ]
