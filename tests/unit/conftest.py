"""Fixtures shared by the unit tests that check patient-facing wording."""
from __future__ import annotations

import pytest
import textstat


@pytest.fixture(scope="module")
def grade(request):
    """textstat's Flesch-Kincaid grade, with pyphen syllables when the CMU dictionary is absent."""
    patch = pytest.MonkeyPatch()
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except (ImportError, LookupError):
        try:
            import textstat.backend.counts._count_syllables as count_syllables

            patch.setattr(count_syllables, "get_cmudict", lambda lang: None)
        except ImportError:  # older textstat: pyphen only, nothing to patch
            pass
    request.addfinalizer(patch.undo)
    return textstat.flesch_kincaid_grade
