"""The character tables that fold whole texts give what their function gives character by
character, and the fast NFKC what unicodedata gives, on any text (hypothesis)."""
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gwr.lexicon.textnorm import SHORT_TEXT, CharTable, fold, fold_aligned, fold_aligned_all, nfkc

# Text that reaches every branch: CJK and full-width forms (one character to one), ℃ ㈠ ½ ﬁ
# (one to several), combining marks and Hangul jamo (which compose with their neighbours),
# characters past the BMP, and anything else.
SPECIAL = "℃㈠½ﬁ㎡ａ１（），e\u0301\u0301\u0327\u1100\u1161\u11a8한İß\U00020000\U0001d400"
TEXT = st.text(alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8", exclude_categories=("Cs",))),
               max_size=60)


def short_and_long(text: str) -> tuple[str, str]:
    """The text, and a text of it repeated past SHORT_TEXT: CharTable takes each another way."""
    return text, (text + "。") * (SHORT_TEXT // (len(text) + 1) + 1)


def drop_vowels(ch: str) -> str:
    """One character to none, to two, or to another one."""
    return {"a": "", "e": "ee", "i": "I"}.get(ch, ch)


@given(TEXT)
def test_char_table_is_its_function_over_each_character(text):
    for text in short_and_long(text):
        table = CharTable(lambda ch: unicodedata.normalize("NFKC", ch).upper())
        assert table.translate(text) == "".join(unicodedata.normalize("NFKC", ch).upper() for ch in text)
        assert CharTable(drop_vowels).translate(text) == "".join(map(drop_vowels, text))


@given(TEXT)
def test_nfkc_is_unicodedata_nfkc(text):
    for text in short_and_long(text):
        assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_a_character_that_becomes_several_is_put_in_where_it_stands():
    table = CharTable(drop_vowels)
    long = "x" * SHORT_TEXT
    assert table.translate("aeixae" + long) == "eeIxee" + long
    assert table.translate("𠀀a𠀀e" + long) == "𠀀𠀀ee" + long  # past the BMP: the table's images do not cover them


def test_fold_is_nfkc_simplified_without_spaces_or_pinyin():
    assert fold("２０２４年 發展(fā)　℃") == "2024年发展°C"


PHRASES = st.sampled_from(["發展", "乾隆", "頭髮", "皇后", "於是", "台灣", "著作", "ｇｄｐ", "\n", "℃", "，", "營商環境"])


@given(st.lists(st.lists(st.one_of(PHRASES, TEXT), max_size=6).map("".join), max_size=8))
def test_folding_paragraphs_together_is_folding_each(texts):
    assert fold_aligned_all(texts) == [fold_aligned(text) for text in texts]
