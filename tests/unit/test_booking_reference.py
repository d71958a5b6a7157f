"""Reference codes: unambiguous alphabet, check symbol, tolerant normalising."""
from clinic_core.booking.reference import ALPHABET, generate_reference, is_valid_reference, normalise_reference


def test_generated_codes_are_valid_and_unambiguous():
    codes = {generate_reference() for _ in range(2000)}
    assert len(codes) > 1990
    for code in codes:
        assert len(code) == 8 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(ALPHABET)
        assert is_valid_reference(code)
    assert not set("01OIL U") & set(ALPHABET)


def test_normalising_accepts_what_people_type():
    code = generate_reference()
    assert normalise_reference(code.lower()) == code
    assert normalise_reference(" " + code.replace("-", " ") + " ") == code
    assert normalise_reference(code.replace("-", "")) == code
    assert normalise_reference(None) is None and normalise_reference("") is None


def test_every_single_symbol_typo_is_caught():
    code = generate_reference()
    raw = code.replace("-", "")
    for i in range(len(raw)):
        for symbol in ALPHABET:
            if symbol != raw[i]:
                assert not is_valid_reference(raw[:i] + symbol + raw[i + 1:])


def test_most_neighbour_swaps_are_caught():
    caught = total = 0
    for _ in range(200):
        raw = generate_reference().replace("-", "")
        for i in range(len(raw) - 1):
            if raw[i] != raw[i + 1]:
                total += 1
                caught += not is_valid_reference(raw[:i] + raw[i + 1] + raw[i] + raw[i + 2:])
    assert caught / total > 0.95
