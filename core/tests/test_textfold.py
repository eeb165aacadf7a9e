"""Vietnamese folding: properties that search relies on, checked on generated text."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from core.textfold import exact_key, fold, sorted_key

# Vietnamese letters (both cases, precomposed) plus ASCII, spaces and punctuation users type.
VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữự"
    "vxyỳýỷỹỵfjwz0123456789"
)
VIETNAMESE_TEXT = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " \t.,-'", max_size=40)
TONES = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
# Syllables whose tone sits on a different vowel in the old and the new spelling convention.
TWO_VOWEL_SYLLABLES = ["hoa", "thuy", "khoe", "loa", "tuy", "hoan", "xoe", "uy", "quy", "oa"]


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_ignores_unicode_normal_form(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(VIETNAMESE_TEXT)
def test_fold_ignores_letter_case(text):
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@given(VIETNAMESE_TEXT)
def test_fold_leaves_plain_lowercase_ascii_words(text):
    assert fold(text).isascii()
    assert fold(text) == fold(text).lower()


@given(st.lists(st.text(alphabet=VIETNAMESE, min_size=1, max_size=7), min_size=1, max_size=5),
       st.randoms())
def test_sorted_key_ignores_word_order(words, rnd):
    shuffled = list(words)
    rnd.shuffle(shuffled)
    assert sorted_key(" ".join(words)) == sorted_key(" ".join(shuffled))


def _with_tone(syllable: str, tone: str, vowel_index: int) -> str:
    """Put ``tone`` after the ``vowel_index``-th vowel of ``syllable`` (NFC result)."""
    positions = [i for i, ch in enumerate(syllable) if ch in "aeiouy"]
    at = positions[vowel_index % len(positions)] + 1
    return unicodedata.normalize("NFC", syllable[:at] + tone + syllable[at:])


@given(st.sampled_from(TWO_VOWEL_SYLLABLES), st.sampled_from(TONES), st.integers(0, 3),
       st.integers(0, 3), st.booleans())
def test_exact_key_ignores_tone_placement(syllable, tone, first, second, capital):
    one, other = _with_tone(syllable, tone, first), _with_tone(syllable, tone, second)
    if capital:
        other = other.upper()
    assert exact_key(f"Nguyễn {one}") == exact_key(f"nguyễn {other}")


@given(st.sampled_from(TWO_VOWEL_SYLLABLES), st.sampled_from(TONES), st.sampled_from(TONES),
       st.integers(0, 3))
def test_exact_key_tells_tones_apart(syllable, tone, other_tone, vowel):
    same = exact_key(_with_tone(syllable, tone, vowel)) == exact_key(_with_tone(syllable, other_tone, vowel))
    assert same == (tone == other_tone)


@given(VIETNAMESE_TEXT)
def test_exact_key_ignores_unicode_normal_form(text):
    assert exact_key(unicodedata.normalize("NFD", text)) == exact_key(text)


def test_exact_key_keeps_vowel_marks_and_d():
    assert exact_key("Đặng Văn Hòa") != exact_key("Dang Van Hoa")
    assert exact_key("Hoà") == exact_key("Hòa") == exact_key("HOÀ")
    assert exact_key("Thuỷ") == exact_key("Thủy")
    assert exact_key("Hòa") != exact_key("Hóa")


def test_fold_examples():
    assert fold("  Nguyễn   Văn  Hoà ") == "nguyen van hoa"
    assert fold("ĐỖ ĐỨC MINH") == fold("ðỗ đức minh") == "do duc minh"
    assert fold(unicodedata.normalize("NFD", "Trần Thị Thuỷ")) == "tran thi thuy"
