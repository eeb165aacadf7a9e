"""Vietnamese text folding: the one place that decides when two spellings are "the same".

Three keys are derived from a name, each stored on the record and indexed where searched:
- ``fold``: NFC → strip every mark (tone and vowel quality), đ→d, casefold, single spaces.
  "Nguyễn  Văn Hoà" and "NGUYEN VAN HOA" and the NFD form all give "nguyen van hoa".
- ``sorted_key``: the folded syllables in alphabetical order, so word order does not matter.
- ``exact_key``: keeps vowel marks (â ă ê ô ơ ư đ) and the tone, but puts the tone at the end of
  each syllable, so old and new tone placement ("hoà"/"hòa", "thuỷ"/"thủy") compare equal while a
  different tone or vowel does not. Used to rank exact matches first.
"""

import re
import unicodedata

# Combining marks that carry the tone (huyền, sắc, hỏi, ngã, nặng).
TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
# Letters that do not decompose under NFD but must fold: đ/Đ and the look-alike eth ð/Ð
# that some old fonts and keyboards produce instead of đ.
_LETTER_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# exact_key keeps đ but reads the look-alike eth as đ.
_ETH_MAP = str.maketrans({"ð": "đ", "Ð": "Đ"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with runs of whitespace collapsed and the ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _fold_once(text: str) -> str:
    # NFD → casefold → NFD is Unicode's "canonical caseless" form: NFC and NFD input and any
    # letter case meet here. Marks are dropped only after casefolding, because casefolding can
    # itself produce marks (İ → i + combining dot).
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())
    bare = "".join(ch for ch in decomposed.translate(_LETTER_MAP) if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", bare).split())


def fold(text: str) -> str:
    """Fold for comparison: no marks at all, đ→d, casefolded, punctuation as spaces."""
    folded = _fold_once(text or "")
    # A second pass settles the rare letters whose fold folds further, so fold is idempotent.
    for _ in range(3):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return folded


def syllables(text: str) -> list[str]:
    """Folded syllables of ``text`` in their order."""
    return fold(text).split()


def sorted_key(text: str) -> str:
    """Folded syllables sorted: the same key whatever the word order."""
    return " ".join(sorted(syllables(text)))


def _exact_syllable(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        elif unicodedata.combining(ch) or ch.isalnum():
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).casefold() + tone


def exact_key(text: str) -> str:
    """Accent-keeping key independent of tone placement, in the typed word order."""
    text = unicodedata.normalize("NFC", text or "").translate(_ETH_MAP)
    words = _NON_WORD.sub(" ", text).split()
    return " ".join(_exact_syllable(word) for word in words)
