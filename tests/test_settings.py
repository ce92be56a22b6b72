from dataclasses import replace

import pytest

from playground import settings as S


def test_defaults_round_trip_to_an_empty_query():
    assert S.to_query(S.Settings()) == {}
    assert S.from_query({}) == (S.Settings(), [])


@pytest.mark.parametrize(
    "changes",
    [
        {"dataset": "blobs", "centers": 4},
        {"learning_rate": 0.003, "batch_size": 1, "epochs": 250},
        {"standardize": False, "degree": 3, "l2": 0.01, "l1": 0.001, "optimizer": "adam"},
        {"noise": 0.35, "test_fraction": 0.1, "seed": 123456, "samples": 1500},
    ],
)
def test_settings_round_trip_through_the_url(changes):
    s = replace(S.Settings(), **changes)
    query = S.to_query(s)
    assert set(query) == set(changes)
    back, notes = S.from_query({k: [v] for k, v in query.items()})
    assert back == s and notes == []


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("learning_rate", "abc", "expected a finite number"),
        ("learning_rate", "nan", "expected a finite number"),
        ("learning_rate", "-1", "expected a value from 0.0001 to 1000"),
        ("epochs", "1e9", "expected a whole number"),
        ("epochs", "100000", "expected a value from 1 to 1000"),
        ("batch_size", "0", "expected a value from 1 to 2000"),
        ("dataset", "mnist", "expected one of moons, blobs"),
        ("standardize", "maybe", "expected true or false"),
        ("optimizer", "<script>", "expected one of sgd, momentum, adam"),
    ],
)
def test_bad_url_values_fall_back_to_defaults_with_a_note(key, raw, expected):
    s, notes = S.from_query({key: [raw]})
    assert getattr(s, key) == getattr(S.Settings(), key)
    assert len(notes) == 1 and key in notes[0] and expected in notes[0] and "Using" in notes[0]
    assert f"` {raw} `" in notes[0]  # the user's text stays in a code span, never markup


def test_unknown_and_repeated_keys_are_noted_and_other_settings_kept():
    s, notes = S.from_query({"bogus": ["1"], "epochs": ["50", "70"], "seed": ["7"]})
    assert s.epochs == 50 and s.seed == 7
    assert any("unknown URL parameter ` bogus `" in n for n in notes)
    assert any("epochs appears 2 times" in n for n in notes)


def test_batch_larger_than_the_data_is_full_batch():
    s = replace(S.Settings(), batch_size=1000)
    assert S.effective_batch(s, 150) == (150, "full batch")
    assert S.effective_batch(replace(s, batch_size=1), 150) == (1, "SGD")
    assert S.effective_batch(replace(s, batch_size=32), 150) == (32, "mini-batch")


def test_step_cap_cuts_epochs_and_says_so():
    s = replace(S.Settings(), batch_size=1, epochs=1000)
    epochs, note = S.capped_epochs(s, 1500)
    assert epochs * 1500 <= S.MAX_STEPS and "capped" in note
    assert S.capped_epochs(S.Settings(), 150) == (100, None)
