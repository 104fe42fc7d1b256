"""How plausible the non-ASCII text of a file is in one candidate encoding, and which of
several plausible readings is the file's.

Two kinds of evidence, kept apart because data files mix real text with short codes and
notes that are not words at all ('Xа', 'ц)bц', 'c易1'):

- the share of characters in the encoding's script (Russian letters for cp1251 and KOI8-R,
  common hanzi or kana for GBK, Shift-JIS and Big5, accented letters inside Latin words for
  cp1252): a reading that fails it is not that encoding, however the rest looks;
- words judged one by one: *convincing* ones read as real words (Russian: three letters or
  more, one case shape, vowels and common letters in the usual share; Chinese: two common
  characters or more) and *damning* ones can only be mojibake (a character outside the
  script, 'пРИМОРСКИЙ' case). Each distinct word counts once, so a short code repeated on
  every row or a run of junk weighs no more than one real word. A whole file's reading needs
  one convincing word and not one damning word (that cell would be stored as mojibake);
  of the plausible readings in the first script that has one, the most convincing wins.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

#: Non-ASCII runs with the Latin letter touching them, if any: the unit plausibility is judged on.
_TOKEN = re.compile(r"[A-Za-z]?[^\x00-\x7f]+[A-Za-z]?")
_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_LETTERS = re.compile(r"[^\W\d_]+")
# Russian letters and the Ukrainian and Belarusian ones cp1251 also holds
_CYRILLIC = re.compile(r"[А-яЁёІіЇїЄєҐґЎў]")
# The symbols cp1251 holds (neither evidence for nor against: '№5', '€', '±2%', '«»')
_RUSSIAN_MARKS = set("‚„…†‡€‰‹›‘’“”•–—™\xa0¤¦§©«¬\xad®°±µ¶·№»")
_CJK = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff01-\uff5e\u2010-\u2027]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_FULLWIDTH_PUNCTUATION = re.compile(r"[\u3000-\u3003\u3008-\u3011\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f]")
# Accented letters and typographic marks of Western text (not ÐÞðþÿ, which are mostly junk bytes)
_LATIN = re.compile(r"[À-ÏÑ-ÖØ-Ýß-ïñ-öø-ý€‘’“”–—…°·«»\xa0§©®±²³µ¼½¾]")
_VOWELS = set("аеёиоуыэюяіїє")
# Letter frequencies of Russian text, per cent: a word of common letters is a word, a string of
# ю, й, ц, ж (what cp1251 reads as KOI8-R gives) is not
_RUSSIAN_FREQUENCY = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", (
    8.0, 1.6, 4.5, 1.7, 3.0, 8.5, 0.04, 0.94, 1.65, 7.4, 1.2, 3.5, 4.4, 3.2, 6.7, 11.0, 2.8, 4.7,
    5.5, 6.3, 2.6, 0.26, 0.97, 0.48, 1.44, 0.73, 0.36, 0.04, 1.9, 1.7, 0.32, 0.64, 2.0))) | {
    "і": 5.0, "ї": 0.6, "є": 0.8, "ґ": 0.1, "ў": 1.0}
_MEAN_FREQUENCY = 2.5

CYRILLIC_CODECS = ("cp1251", "koi8_r")
GREEK_CODECS = ("cp1253",)
# Greek letters, with and without their accents (cp1253's whole alphabet)
_GREEK = re.compile(r"[\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03ce]")
_GREEK_MARKS = set("΅Ά£¤¥¦§¨©«¬\xad®―°±²³΄µ¶·»½€‚„…†‰‹‘’“”•–—™›\xa0")
_GREEK_VOWELS = set("αεηιουωάέήίόύώϊϋΐΰ")
_GREEK_BASE = str.maketrans("άέήίόύώϊϋΐΰς", "αεηιουωιυιυσ")
# Letter frequencies of Greek text, per cent: Russian or Western bytes read as cp1253 are strings
# of ξ, ψ, ζ, ΰ and the like, or a final sigma inside a word
_GREEK_FREQUENCY = dict(zip("αβγδεζηθικλμνξοπρστυφχψω", (
    12.0, 0.8, 1.8, 1.8, 8.0, 0.4, 5.0, 1.3, 8.0, 4.0, 3.0, 3.5, 7.0, 0.4, 9.0, 4.0, 4.5, 7.5, 8.0,
    4.0, 0.9, 1.2, 0.15, 2.0)))
CJK_CODECS = ("gb18030", "cp932", "big5")
_COMMON_SET = {"gb18030": "gb2312", "cp932": "shift_jis", "big5": "big5"}
# Lead bytes of the frequent characters: GB2312 punctuation and level-1 hanzi (the 3,755 commonest),
# Shift-JIS symbols, kana and level-1 kanji, Big5 symbols and level-1 hanzi. Russian read as Chinese
# lands mostly in the rare rows.
_COMMON_LEADS = {"gb2312": frozenset(range(0xA1, 0xAA)) | frozenset(range(0xB0, 0xD8)),
                 "shift_jis": frozenset(range(0x81, 0x85)) | frozenset(range(0x88, 0x99)),
                 "big5": frozenset(range(0xA1, 0xC7))}


@dataclass
class Reading:
    """What the non-ASCII text of a file (or of one line) looks like in ``encoding``."""

    encoding: str
    chars: int = 0
    in_script: int = 0             # Russian letters / common CJK characters / Western accents
    halfwidth: int = 0
    lone: int = 0                  # one or two non-ASCII characters inside a Latin word
    word: int = 0                  # longest run of non-ASCII characters standing on its own
    convincing: int = 0            # distinct words that read as real words in this encoding
    damning: int = 0               # distinct words that can only be mojibake in it
    accent_run: bool = False       # four non-ASCII letters in a row: never Western text
    punctuation: int = 0           # full-width punctuation (GACC's English exports: 'Hong Kong，China')

    def add(self, text: str) -> None:
        """Count the non-ASCII words of ``text``; each distinct word is judged once (data files
        repeat the same region and country names on every row)."""
        for token, k in Counter(_TOKEN.findall(text)).items():
            core = token.strip(_ASCII_LETTERS)
            n = len(core)
            glued = core != token
            self.chars += n * k
            if not glued or self.encoding in CJK_CODECS:    # Chinese glues to Latin codes: GDP增长
                self.word = max(self.word, n)
            elif n <= 2:
                self.lone += n * k
            self.in_script += self._in_script(core) * k
            self.halfwidth += len(_HALFWIDTH_KANA.findall(core)) * k
            self.punctuation += len(_FULLWIDTH_PUNCTUATION.findall(core)) * k
            self.accent_run = self.accent_run or max(map(len, _LETTERS.findall(core)), default=0) >= 4
            verdict = self._judge(core, glued)
            self.convincing += verdict > 0
            self.damning += verdict < 0

    def _in_script(self, core: str) -> int:
        if self.encoding in CYRILLIC_CODECS:
            return len(_CYRILLIC.findall(core))
        if self.encoding in GREEK_CODECS:
            return len(_GREEK.findall(core))
        if self.encoding in CJK_CODECS:
            charset = _COMMON_SET[self.encoding]
            return sum(1 for ch in core if _CJK.match(ch) and not _rare(ch, charset))
        return len(_LATIN.findall(core))

    def _judge(self, core: str, glued: bool) -> int:
        """+1 a word that reads as a real word in this encoding, -1 one that can only be
        mojibake in it, 0 one that tells nothing (a letter or two, a code, junk)."""
        if self.encoding in CYRILLIC_CODECS:
            return _judge_russian(core, glued)
        if self.encoding in GREEK_CODECS:
            return _judge_greek(core, glued)
        if self.encoding in CJK_CODECS:
            return _judge_cjk(core, _COMMON_SET[self.encoding])
        return _judge_western(core, glued)

    def plausible(self, whole_file: bool = True) -> bool:
        """Whether this reads as text in its encoding. Cyrillic or Chinese text of a whole file
        holds a word of two characters or more standing on its own (one line may hold a single
        character: 俄) and one convincing word; letters glued to Latin ones ('Xа', 'c易') are no
        evidence against it, as codes and notes mix scripts, but none for it either: Western
        text read as cp1251 is nothing but such letters ('Grцяe cafй'). Western text has its
        accents inside Latin words and never four accented letters in a row (Russian read as
        cp1252: 'Òîðãîâëÿ')."""
        n = self.chars
        if not n:
            return True
        if self.encoding in CYRILLIC_CODECS or self.encoding in GREEK_CODECS:
            share = self.in_script >= 0.8 * n
        elif self.encoding in CJK_CODECS:
            share = self.in_script >= 0.7 * n and self.halfwidth <= 0.02 * n
            if whole_file and self.punctuation == n and self.encoding == "gb18030":
                # English text whose only non-ASCII characters are full-width commas and brackets
                # (China Customs' English export): GBK's punctuation, which no other code page
                # reads as such ('Ј¬' in cp1251, '£¬' in cp1252)
                return not self.damning
        else:
            return self.in_script >= 0.9 * n and self.lone >= 0.7 * n and not self.accent_run
        # one damning word is a cell that would be stored as mojibake (the file mixes two code pages)
        return share and (not whole_file or (self.word >= 2 and self.convincing > 0 and not self.damning))

    @property
    def score(self) -> int:
        return self.convincing - self.damning


def best_reading(readings: list[Reading]) -> str | None:
    """The encoding of the plausible reading with the best score within the first script that
    has one (Cyrillic, then CJK, then Western: scores of different scripts do not compare, as
    Big5 bytes read as cp1252 glue accents to Latin letters, '»O', 'ÆW'); on a tie the first
    one (the candidates come in order of how common they are in these files). (charset-normalizer
    was tried here: on short files it picks Big5 for a GBK word and KOI8-R for capitals in cp1251.)"""
    # Greek and Cyrillic compete on their scores: Greek bytes read as cp1251 give lower-case
    # Cyrillic words and a short KOI8-R word ('угля') reads as capital Greek ('ΥΗΜΡ'), but a
    # whole text convinces in its own code page far more often (on a tie, Cyrillic: more common here)
    for script in (CYRILLIC_CODECS + GREEK_CODECS, CJK_CODECS, ("cp1252",)):
        plausible = [r for r in readings if r.encoding in script and r.chars and r.plausible()]
        if plausible:
            return max(plausible, key=lambda r: r.score).encoding     # max keeps the first of equals
    return None


def plausible_line(text: str, encoding: str) -> bool:
    """Whether one line reads as text in ``encoding`` (no word needed: 俄 alone is a cell)."""
    reading = Reading(encoding)
    reading.add(text)
    return reading.plausible(whole_file=False)


def _judge_russian(core: str, glued: bool) -> int:
    letters = [ch for ch in core if ch not in _RUSSIAN_MARKS]
    if any(not _CYRILLIC.match(ch) for ch in letters):
        return -1                                  # Ђ, ѓ, ° inside a word: another code page
    word = "".join(letters)
    if len(set(word.lower())) >= 3 and word[0].islower() and word[1:].isupper():
        return -1                                  # 'пРИМОРСКИЙ': a capitalised KOI8-R word read as cp1251
    if glued or len(word) < 3 or not (word.islower() or word.isupper() or word.istitle()):
        return 0                                   # a letter or two, a code ('МВт'), junk ('аКа')
    lower = word.lower()
    vowels = sum(ch in _VOWELS for ch in lower) / len(lower)
    common = sum(_RUSSIAN_FREQUENCY[ch] for ch in lower) / len(lower)
    return 1 if 0.2 <= vowels <= 0.75 and common >= _MEAN_FREQUENCY else 0


def _judge_greek(core: str, glued: bool) -> int:
    letters = [ch for ch in core if ch not in _GREEK_MARKS]
    if any(not _GREEK.match(ch) for ch in letters):
        return -1                                  # a symbol inside a word: another code page
    word = "".join(letters)
    if glued or len(word) < 3 or not (word.islower() or word.isupper() or word.istitle()):
        return 0
    base = word.lower().translate(_GREEK_BASE)
    if "ς" in word.lower()[:-1] or set(word.lower()) & set("ΐΰ"):
        return -1                                  # a final sigma inside a word; ΐ ΰ where Russian а, р fall
    vowels = sum(ch in _GREEK_VOWELS for ch in word.lower()) / len(word)
    common = sum(_GREEK_FREQUENCY.get(ch, 0.0) for ch in base) / len(base)
    return 1 if 0.25 <= vowels <= 0.75 and common >= _MEAN_FREQUENCY else 0


def _judge_cjk(core: str, charset: str) -> int:
    if len(_CJK.findall(core)) < len(core) or _HALFWIDTH_KANA.search(core):
        return -1                                  # a private-use or other-script character in a word
    # a few rare characters are real text too (珲春口岸, Hunchun border crossing: 珲 is in GB2312's
    # second level); Russian read as Chinese is mostly rare ones
    return 1 if len(core) >= 2 and _rare(core, charset) * 3 <= len(core) else 0


def _judge_western(core: str, glued: bool) -> int:
    if len(_LATIN.findall(core)) < len(core):
        return -1
    return 1 if glued and len(core) <= 2 else 0


def _rare(text: str, charset: str) -> int:
    """How many characters of ``text`` are not among the common characters of ``charset``."""
    leads = _COMMON_LEADS[charset]
    rare = 0
    for ch in text:
        try:
            raw = ch.encode(charset)
        except UnicodeEncodeError:
            rare += 1
            continue
        if len(raw) == 2 and raw[0] not in leads:
            rare += 1
    return rare
