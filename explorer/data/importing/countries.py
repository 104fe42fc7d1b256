"""Countries as publishers name them, resolved to ISO 3166 (pycountry's tables and translations).

Publishers write one country many ways: an ISO alpha-2 ('RU') or alpha-3 ('RUS') code, an
M49 numeric code ('643'), ISO's English name ('Russian Federation'), the World Bank's and UN
Comtrade's abbreviations ('Korea, Dem. People's Rep.', 'China, Hong Kong SAR', 'Iran, Islamic
Rep.', 'Venezuela, RB'), or a Russian or Chinese name ('Российская Федерация', '俄罗斯',
'中国香港'). Each resolves to one country, shown by the name ISO uses day to day ('Russia' where
pycountry has a common name, else its name). Regions, income groups and other aggregates
('World', 'EU27', 'Asia', 'High income', 'Other Asia, nes') are no country: None, so that they
are kept as written and never merged into a country."""
from __future__ import annotations

import functools
import re

#: Short forms in everyday Russian and Chinese use that ISO's translations do not carry.
_SHORT_FORMS = {"россия": "RU", "рф": "RU", "сша": "US", "кнр": "CN", "великобритания": "GB",
                "中华人民共和国": "CN", "俄罗斯联邦": "RU", "美利坚合众国": "US", "英国": "GB"}

#: World Bank and UN Comtrade abbreviations, expanded as ISO writes the words.
_WORDS = ((r"\bRep\b\.?", "Republic"), (r"\bDem\b\.?", "Democratic"), (r"\bFed\b\.?", "Federated"),
          (r"\bSts\b\.?", "States"), (r"\bSt\b\.", "Saint"), (r"\bIsds?\b\.?", "Islands"),
          (r"\bIs\b\.", "Islands"), (r"\bPDR\b", "People's Democratic Republic"),
          (r"\bRB\b", "Bolivarian Republic of"), (r"\bSAR\b", ""), (r"&", "and"),
          (r"\bTurkiye\b", "Türkiye"), (r"\bCote d'Ivoire\b", "Côte d'Ivoire"), (r"\bCuracao\b", "Curaçao"),
          # names ISO has since changed, as older releases of WDI and Comtrade still write them
          (r"^Turkey$", "Türkiye"), (r"^Swaziland$", "Eswatini"), (r"^Cape Verde$", "Cabo Verde"),
          (r"^Macedonia, FYR$", "North Macedonia"))


def country(text) -> object | None:
    """The pycountry country a code or name stands for, or None (an aggregate, a region, or a
    name no rule reads)."""
    text = " ".join(str(text or "").split())
    if not text:
        return None
    return _country(text)


def display_name(found) -> str:
    """The name a resolved country is stored under: ISO's common name ('Russia', 'South Korea',
    'Iran') where it has one, else its name ('United States', 'China')."""
    return getattr(found, "common_name", None) or found.name


def resolve_name(text) -> str | None:
    """display_name of the country ``text`` names, or None when it names no country."""
    found = country(text)
    return display_name(found) if found is not None else None


@functools.lru_cache(maxsize=4096)
def _country(text: str):
    import pycountry  # loads its tables on first use: only files that name places pay for it

    if text.isdigit():
        return pycountry.countries.get(numeric=text.zfill(3)) if len(text) <= 3 else None
    for variant in _english_variants(text):
        try:
            return pycountry.countries.lookup(variant)
        except LookupError:
            continue
    alpha2 = _translated().get(text.lower().replace("ё", "е")) or _SHORT_FORMS.get(text.lower())
    if alpha2 is None:
        for variant in (re.sub(r"^中国(?=..)", "", text), re.sub(r"(特别行政区|联邦|共和国)$", "", text)):
            alpha2 = _translated().get(variant.lower())
            if alpha2:
                break
    return pycountry.countries.get(alpha_2=alpha2) if alpha2 else None


def _english_variants(text: str) -> list[str]:
    """The name as written, then as ISO would write a World Bank or Comtrade abbreviation of it."""
    out = [text]
    if not text.isascii() and not re.search(r"[A-Za-z]", text):
        return out
    expanded = text.replace("\u2019", "'").replace("`", "'")      # 'Korea, Dem. People’s Rep.'
    for pattern, repl in _WORDS:
        expanded = re.sub(pattern, repl, expanded)
    expanded = re.sub(r"\s*\(([^()]*)\)\s*$", r", \1", expanded)      # 'Bolivia (Plurinational State of)'
    expanded = " ".join(expanded.replace(" ,", ",").split()).strip(" ,")
    out.append(expanded)
    head, sep, tail = expanded.partition(", ")
    if sep:
        if tail in ("China",):                       # 'Hong Kong SAR, China'
            out.append(head)
        elif head == "China":                        # 'China, Hong Kong SAR', 'China, Macao SAR'
            out.append(tail)
        elif tail == "The":                          # 'Gambia, The', 'Bahamas, The'
            out.append(head)
        else:                                        # 'Korea, Rep.', 'Egypt, Arab Rep.', 'Congo, Dem. Rep.'
            out += [f"{expanded} of", f"{tail} of {head}", f"{tail} of the {head}", f"{head}, The {tail} of the"]
    else:
        m = re.match(r"^(.+?) of (?:the )?(.+)$", expanded)    # 'Rep. of Korea' -> 'Korea, Republic of'
        if m:
            out += [f"{m.group(2)}, {m.group(1)} of", f"{m.group(2)}, The {m.group(1)} of the"]
    return list(dict.fromkeys(v for v in out if v))


@functools.lru_cache(maxsize=1)
def _translated() -> dict[str, str]:
    """Russian and simplified Chinese names of ISO 3166 countries (pycountry's translations),
    lower-cased -> alpha-2."""
    import gettext

    import pycountry

    out: dict[str, str] = {}
    for language in ("ru", "zh_CN"):
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for c in pycountry.countries:
            for attr in ("official_name", "name", "common_name"):
                if hasattr(c, attr):
                    name = tr.gettext(getattr(c, attr))
                    out.setdefault(name.lower().replace("ё", "е"), c.alpha_2)
                    out.setdefault(name.lower(), c.alpha_2)
    return out


#: What Chinese subdivision names end with, longest first ('广西壮族自治区' -> '广西').
_ZH_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")
#: What pycountry's romanised subdivision names end with ('Heilongjiang Sheng' -> 'Heilongjiang').
_ROMAN_SUFFIXES = (" Zizhiqu", " Sheng", " Shi", " Tebiexingzhengqu")


def subdivision_names(text) -> list[str]:
    """The names a Chinese province (or another ISO 3166-2 subdivision of China or Russia) goes by,
    for its code ('CN-HL', 'CN-23') or a name as publishers shorten it ('黑龙江', 'Heilongjiang'):
    its Chinese name ('黑龙江省'), its name without ISO's romanised suffix and its code, for the
    database's places to be matched by; [] when ``text`` names none."""
    key = " ".join(str(text or "").split())
    return list(_subdivisions().get(key.upper(), ()) or _subdivisions().get(key, ()))


@functools.lru_cache(maxsize=1)
def _subdivisions() -> dict[str, tuple[str, ...]]:
    import gettext

    import pycountry

    zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    out: dict[str, tuple[str, ...]] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code not in ("CN", "RU"):
            continue
        chinese = zh.gettext(sub.name)
        roman = sub.name
        for suffix in _ROMAN_SUFFIXES:
            roman = roman.removesuffix(suffix)
        russian = _cyrillic(sub.name) if sub.country_code == "RU" else ""
        names = tuple(dict.fromkeys(n for n in (chinese, roman, sub.name, russian, sub.code) if n))
        keys = {sub.code.upper(), chinese, roman, sub.name}
        if chinese != sub.name:
            short = next((chinese.removesuffix(s) for s in _ZH_SUFFIXES if chinese.endswith(s)), chinese)
            keys.add(short)
        for k in keys:
            out.setdefault(k, names)
            out.setdefault(k.upper(), names)
    return out


#: ISO 3166-2 romanises Russia's subjects (BGN/PCGN: 'Amurskaya oblast'', 'Zabaykal'skiy kray');
#: read back letter by letter, longest spellings first, they give the Russian name
#: ('Амурская область', 'Забайкальский край') by which the database knows them.
_TO_CYRILLIC = (("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"),
                ("ya", "я"), ("ye", "е"), ("yo", "ё"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"),
                ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
                ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("'", "ь"))
_VOWELS = "аеёиоуыэюя"


def _cyrillic(roman: str) -> str:
    """'Amurskaya oblast'' -> 'амурская область' (lower case: the database's names compare so)."""
    text, out, i = roman.lower(), [], 0
    while i < len(text):
        ch = text[i]
        if ch == "y" and not any(text.startswith(d, i) for d in ("yu", "ya", "ye", "yo")):
            out.append("й" if out and out[-1] in _VOWELS else "ы")
            i += 1
            continue
        for latin, cyr in _TO_CYRILLIC:
            if text.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(ch)
            i += 1
    return "".join(out)
