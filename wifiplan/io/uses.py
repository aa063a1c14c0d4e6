"""Room names → uses: the shipped rules (English, US abbreviations, German, Japanese, Chinese,
pinyin), stairs/shafts/voids, telecom rooms, and the user's ``--use-map`` rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from wifiplan.errors import ConfigError

__all__ = ["USE_RULES", "DEFAULT_USE", "guess_use", "is_telecom", "is_void", "load_use_map", "user_use", "user_use_rules"]

#: Telecom-room names (server rooms, MDF/IDF, EPS, Japanese 電気室/通信機械室 ...).
_TELECOM = re.compile(
    r"\b(mdf|idf|ter|server|telecom|comms?|data\s*(room|centre|center)|network\s*room|equipment\s*room|"
    r"it\s*room|eps|tele?com)\b|電気室|通信|サーバ|ｻｰﾊﾞ|MDF|IDF|EPS",
    re.IGNORECASE,
)

#: Areas with no coverage asked (shafts, stairs, lifts, voids, parking bays) → floor ``exclude``.
#: Pinyin names are whole words or known compounds (mall maps write 楼梯 as "louti",
#: 中空 "zhongkong" for an atrium void); US plan abbreviations ``ELEV``, ``STAIR``, ``SHAFT``;
#: German (Treppe, Aufzug, Schacht) and Japanese (階段, ＥＶ, ＰＳ/ＥＰＳ/ＤＳ shafts).
_VOID = re.compile(
    r"\b(stairs?|stairway|staircase|stairwell|(elevators?|elev|lifts?)(?!\s*(lobby|hall|vestibule))|lift\s*shaft|"
    r"escalators?|shafts?|voids?|"
    r"atrium|duct|chase|open\s*to\s*below|parking\s*(bay|stall|space|lot)s?|"
    r"louti|zidongfuti|dianti|huoti|futi|zhongkong|tingchewei|"
    r"treppe|treppenhaus|aufzug|fahrstuhl|schacht|luftraum)\b|階段|エレベ|ＥＶ|ＰＳ|ＤＳ|吹抜|吹き抜け|昇降機|シャフト|ダクト|楼梯|电梯|扶梯|中空|駐車ます|停车位",
    re.IGNORECASE,
)

#: Room name or category → usage profile, first match wins. The shipped profiles are
#: office, office-web-meetings, meeting-room, paperless-meeting, counter-service,
#: council-chamber, auditorium, break-room, circulation and warehouse. The library has
#: no residential or retail profile: homes map to ``office`` (a few devices per person,
#: 10 m²/person) and shops to ``circulation`` (shoppers' phones, web and messaging,
#: 10 m²/person); food outlets, cafés and kitchens to ``break-room`` (phones, video,
#: 3 m²/person). Restrooms are ``circulation``; plant, storage and back-of-house rooms
#: ``warehouse`` (few people).
#:
#: Rules are matched on whole words: pinyin names are written without spaces, so food
#: words (``mian`` noodles, ``cha`` tea) only match as a whole name or a known dish ending
#: and back-of-house names (``fuzhumian`` 辅助面, ``feikaifangquyu`` 非开放区域) come first.
#: US plan abbreviations (``MENS RR``, ``MECH RM``, ``ELEC RM``, ``STOR.``, ``JAN``,
#: ``CONF``, ``CORR``, ``BRK``) and German room names (Flur, Bad, Küche, Büro,
#: Besprechung, Lager) are known.
USE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"fuzhumian|feikaifang|feigongkai|houqin|kongpu|\bvacant\b|unavailable|nonpublic|"
                r"back\s*of\s*house|\bboh\b|辅助|非开放|后勤|空铺|バックヤード", re.I), "warehouse"),
    (re.compile(r"council|chamber|assembly|議場|議会|本会議|ratssaal|sitzungssaal", re.I), "council-chamber"),
    (re.compile(r"auditorium|theat(er|re)|lecture|cinema|講堂|ホール|劇場|多目的|yingcheng|dianyingyuan|hörsaal|aula\b",
                re.I), "auditorium"),
    (re.compile(r"meeting|conference|\bconf\b|board\s*room|training|seminar|会議|研修|応接|打合|打ち合|会议|洽谈|培训|"
                r"besprechung|konferenz|schulung|sitzung", re.I), "meeting-room"),
    (re.compile(r"counter|reception|\brecep\b|service\s*desk|front\s*desk|lobby\s*desk|information|窓口|受付|案内|"
                r"fuwutai|zixuntai|xunwentai|empfang|anmeldung|前台|接待|服务台", re.I), "counter-service"),
    (re.compile(r"kitchen|kitchenette|dining|canteen|cafe|caf[eé]|coffee|restaurant|food|break|\bbrk\b|lounge|pantry|"
                r"\bbar\b|食堂|厨房|給湯|湯沸|休憩|ラウンジ|喫茶|kafei|canting|canyin|huoguo|xiuxiqu|"
                r"\w*(lao|xiao|la|niurou|biangbiang|zhajiang|liang|suweimou)mian\b|\bmian\b|mianguan|miantiao|\bcha\b|"
                r"naixue|naicha|starbucks|haagen|kfc|mcdonald|pizza|burger|\btea\b|foodservice|küche|kueche|teeküche|"
                r"kantine|mensa|speisesaal|茶水|餐厅|咖啡", re.I), "break-room"),
    (re.compile(r"stor(age|e\s*room)|\bstor\b|storeroom|archive|warehouse|stock|closet|\bclo\b|utility|plant\s*room|"
                r"\bplant\b|mechanical|\bmech\b|electrical|\belec\b|janitor|\bjan\b|custodial|roof|attic|loft|屋根裏|"
                r"garage|parking|倉庫|書庫|物置|収納|機械|電気|駐車|lager|abstellraum|technik|hausanschluss|"
                r"putzraum|archiv|储藏|储物|库房|仓库|设备间", re.I), "warehouse"),
    (re.compile(r"corridor|\bcorr\b|hall(way)?|lobby|foyer|entrance|entry|vestibule|\bvest\b|circulation|walkway|"
                r"concourse|toilet|restroom|\brr\b|\bwc\b|bath|shower|washroom|lavatory|locker|changing|"
                r"廊下|通路|ロビー|玄関|エントランス|風除|便所|トイレ|洗面|浴室|更衣|待合|"
                r"weishengjian|churukou|chukou|rukou|restroom\.|flur|gang\b|diele|\bbad\b|dusche|umkleide|"
                r"eingang|windfang|treppenflur|走廊|过道|通道|门厅|大堂|卫生间|厕所|洗手间", re.I), "circulation"),
    (re.compile(r"office|\boff\b|work|desk|studio|lab|room|\brm\b|living|bed(room)?|study|library|classroom|事務|執務|"
                r"室|居間|寝室|リビング|書斎|büro|buero|arbeitsplatz|zimmer|wohnen|schlafen|办公|工位", re.I), "office"),
    (re.compile(r"retail|shop|store|boutique|mall|店|商店|売場|laden|geschäft", re.I), "circulation"),
]

#: Use given to rooms whose name matches no rule (reported as a guess and in the fallback summary).
DEFAULT_USE = "office"

#: Rules from ``--use-map`` (tried before :data:`USE_RULES`); ``exclude`` makes an exclude area.
_USER_RULES: ContextVar[tuple[tuple[re.Pattern[str], str], ...]] = ContextVar("wifiplan_use_rules", default=())


@contextmanager
def user_use_rules(rules: list[tuple[re.Pattern[str], str]]) -> Iterator[None]:
    """Use ``rules`` (pattern, use or ``exclude``) before the shipped ones inside this block."""
    token = _USER_RULES.set(tuple(rules))
    try:
        yield
    finally:
        _USER_RULES.reset(token)


def user_use(*texts: str | None) -> str | None:
    """The use (or ``exclude``) the ``--use-map`` rules give any of ``texts``, or None."""
    return _user_match(texts)


def _user_match(texts) -> str | None:
    for text in texts:
        if not text:
            continue
        for pattern, use in _USER_RULES.get():
            if pattern.search(str(text)):
                return use
    return None


def load_use_map(path: str | Path) -> list[tuple[re.Pattern[str], str]]:
    """Rules from a ``--use-map`` YAML file: ``REGEX: use`` pairs, tried in file order.

    A use is a shipped profile name or ``exclude`` (an exclude area: shafts, voids).

    Raises
    ------
    ConfigError
        If the file is missing, not a mapping of strings, a regex is bad or a use unknown.
    """
    import yaml

    from wifiplan.library import load_library, suggest

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
    except OSError as err:
        raise ConfigError(f"--use-map: cannot read {p} ({err.strerror or err})") from None
    except yaml.YAMLError as err:
        raise ConfigError(f"--use-map: {p} is not valid YAML ({err})") from None
    if not isinstance(data, dict) or not data:
        raise ConfigError(f"{p}: a use map is a YAML mapping of `REGEX: use`, e.g. `'(?i)^RR$': circulation`")
    profiles = sorted(load_library().profiles)
    rules = []
    for key, use in data.items():
        if not isinstance(key, str) or not isinstance(use, str):
            raise ConfigError(f"{p}: {key!r}: give `REGEX: use` with both as text")
        try:
            pattern = re.compile(key, re.IGNORECASE)
        except re.error as err:
            raise ConfigError(f"{p}: {key!r}: not a valid regular expression ({err})") from None
        if use != "exclude" and use not in profiles:
            hint = suggest(use, profiles + ["exclude"])
            raise ConfigError(f"{p}: {key!r}: unknown use '{use}'" + (f"; did you mean '{hint}'?" if hint else "")
                              + f" (uses: {', '.join(profiles)}, exclude)")
        rules.append((pattern, use))
    return rules


def guess_use(*texts: str | None) -> str | None:
    """The usage profile for a room from its name or category, or None when no rule matches.

    >>> guess_use("会議室A"), guess_use("Corridor 2"), guess_use("Bedroom 1"), guess_use("X7")
    ('meeting-room', 'circulation', 'office', None)
    """
    user = _user_match(texts)
    if user is not None:
        return None if user == "exclude" else user
    for text in texts:
        if not text:
            continue
        for pattern, use in USE_RULES:
            if pattern.search(str(text)):
                return use
    return None


def is_telecom(*texts: str | None) -> bool:
    """Whether a room name says it is a telecom/server room.

    >>> is_telecom("Server room"), is_telecom("MDF"), is_telecom("電気室"), is_telecom("Office")
    (True, True, True, False)
    """
    return any(text and _TELECOM.search(str(text)) for text in texts)


def is_void(*texts: str | None) -> bool:
    """Whether a room name is a shaft, stair, lift or void (excluded from coverage).

    >>> is_void("Stair"), is_void("EV hall"), is_void("dianti"), is_void("Office")
    (True, False, True, False)
    """
    user = _user_match(texts)
    if user is not None:
        return user == "exclude"
    return any(text and _VOID.search(str(text)) for text in texts)
