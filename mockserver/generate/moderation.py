"""Deterministic moderation results.

Scores come from per-category phrase lists (English and Korean): clearly harmful wording
scores high and flags its category, everything else gets small noise derived from the text.
Nothing depends on a server seed, so the same text always gets the same result, as with the
real endpoint. Phrases are kept tame: threats and clearly violent or hateful wording, no slurs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..randomness import derive

# The categories in the order the SDK's ``Moderation`` types declare them.
CATEGORIES: tuple[str, ...] = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/instructions",
    "self-harm/intent",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)

# Categories the omni models also score images for (the SDK types allow "image" only here).
IMAGE_CATEGORIES = frozenset(
    {
        "self-harm",
        "self-harm/instructions",
        "self-harm/intent",
        "sexual",
        "violence",
        "violence/graphic",
    }
)

# Only the omni models judge these; legacy text-moderation results carry ``null`` flags.
OMNI_ONLY = frozenset({"illicit", "illicit/violent"})

# A child category's score never exceeds its parent's.
_PARENTS = {
    "harassment/threatening": "harassment",
    "hate/threatening": "hate",
    "illicit/violent": "illicit",
    "self-harm/instructions": "self-harm",
    "self-harm/intent": "self-harm",
    "sexual/minors": "sexual",
    "violence/graphic": "violence",
}

THRESHOLD = 0.5

# (scores a match contributes, phrases). ASCII phrases match whole words; Korean phrases match
# as substrings, since particles and endings attach directly to the stem.
_RULES: tuple[tuple[dict[str, float], tuple[str, ...]], ...] = (
    (
        {"harassment/threatening": 0.93, "harassment": 0.88, "violence": 0.9},
        (
            "kill you", "murder you", "i will hurt you", "i'll hurt you", "going to hurt you",
            "beat you up", "break your legs", "you're dead", "watch your back",
            "burn your house",
            "죽여버리겠", "죽여 버리겠", "죽일 거야", "죽일거야", "죽이겠다", "가만두지 않겠",
            "패버리겠", "때려죽이", "죽이고 싶", "죽여버리고 싶", "죽여 버리고 싶",
        ),
    ),
    (
        {"harassment": 0.85},
        (
            "you are worthless", "you're worthless", "you are pathetic", "you're pathetic",
            "you idiot", "you moron", "nobody likes you", "you are disgusting",
            "멍청한 놈", "한심한 놈", "쓰레기 같은 놈",
        ),
    ),
    (
        {"harassment": 0.88, "harassment/threatening": 0.55, "self-harm": 0.6,
         "self-harm/instructions": 0.55},
        ("kill yourself", "go die", "죽어버려", "자살해라", "뒈져라"),
    ),
    (
        {"hate": 0.86, "harassment": 0.6},
        (
            "inferior race", "subhuman", "are vermin", "go back to your country",
            "don't deserve rights", "do not deserve rights",
            "열등한 민족", "벌레 같은 것들", "너네 나라로 돌아가",
        ),
    ),
    (
        {"hate/threatening": 0.9, "hate": 0.9, "violence": 0.85, "harassment": 0.6},
        (
            "exterminate them", "wipe them all out", "should all be killed", "kill all of them",
            "다 죽여야", "모조리 죽여", "씨를 말려야",
        ),
    ),
    (
        {"violence": 0.45},
        (
            "murder", "murdered", "stab", "stabbed", "stabbing", "shoot him", "shoot her",
            "shoot them", "massacre", "assault", "beat him", "beat her",
            "살인", "칼로 찔러", "폭행", "총으로 쏴", "학살",
        ),
    ),
    (
        {"violence/graphic": 0.86, "violence": 0.9},
        (
            "blood everywhere", "guts spilled", "severed head", "dismembered", "entrails",
            "피가 사방", "잘린 머리", "내장이 쏟아",
        ),
    ),
    (
        {"self-harm/intent": 0.93, "self-harm": 0.93},
        (
            "kill myself", "want to die", "end my life", "hurt myself", "cut myself",
            "자살하고 싶", "죽고 싶", "목숨을 끊고 싶", "자해하고 싶",
        ),
    ),
    (
        {"self-harm": 0.6},
        ("suicide", "suicidal", "self-harm", "self harm", "자살", "자해"),
    ),
    (
        {"self-harm/instructions": 0.9, "self-harm": 0.9},
        (
            "how to kill yourself", "how to commit suicide", "best way to kill myself",
            "painless way to die", "how to cut yourself",
            "자살하는 방법", "자살 방법", "죽는 방법", "자해하는 방법",
        ),
    ),
    (
        {"sexual": 0.8},
        (
            "explicit sex", "have sex with", "porn", "nude photos", "sexual intercourse",
            "erotic", "야동", "성관계", "음란",
        ),
    ),
    (
        {"sexual/minors": 0.95, "sexual": 0.95},
        ("sex with a minor", "child porn", "미성년자와 성관계", "아동 음란물"),
    ),
    (
        {"illicit": 0.86},
        (
            "how to shoplift", "how to steal", "buy drugs", "sell drugs", "how to make meth",
            "launder money", "hack into", "counterfeit money",
            "마약을 사", "마약 구매", "도둑질하는 방법", "돈세탁", "해킹하는 방법", "위조지폐",
        ),
    ),
    (
        {"illicit/violent": 0.92, "illicit": 0.92, "violence": 0.7},
        (
            "how to make a bomb", "build a bomb", "pipe bomb", "buy a gun illegally",
            "untraceable gun", "폭탄 만드는 방법", "폭탄 만드는 법", "폭탄을 만드",
            "폭탄 어떻게 만들", "폭탄을 어떻게 만들", "총기 불법 구매",
        ),
    ),
)  # fmt: skip


def _pattern(phrase: str) -> re.Pattern[str]:
    body = re.escape(phrase).replace(r"\ ", r"\s+")
    if phrase.isascii():
        return re.compile(rf"(?<![a-z0-9']){body}(?![a-z0-9])")
    return re.compile(body)


# Sentence shapes the phrase lists cannot spell out: who is harmed matters ("kill them" is a
# threat, "kill the process" is not), so the verbs only count with a person as their object.
_PERSON = (
    r"(?:them|him|her|you|y'all|everyone|everybody|someone|somebody|people"
    r"|(?:all|each|every one) of (?:them|you|those people|these people)"
    r"|(?:those|these|the|all) (?:people|guys|men|women)"
    r"|my (?:boss|wife|husband|girlfriend|boyfriend|teacher|neighbou?r|family|parents|brother"
    r"|sister|mom|dad|mother|father|coworkers?|classmates?))(?![a-z'])"
)
_HARM = r"(?:kill|murder|shoot|stab|strangle|slaughter|behead|hurt|beat up|torture)"
# "I want to", "I'll", not "I don't want to" / "I'm not going to".
_INTENT = (
    r"(?:(?<![a-z])(?<!not )(?<!n't )(?<!never )(?:want to|wanna|going to|gonna|will"
    r"|would like to|plan to|intend to|should|must|need to|let's|gotta|have to)|'ll|'d like to)"
)
# "shoot them an email" is no threat.
_NOT_HARM = r"(?!\s+(?:an?\s+)?(?:email|e-mail|message|text|note|line|dm|look|glance|smile))"
_GROUP = (
    r"(?:immigrants|foreigners|refugees|migrants|muslims|jews|christians|hindus|buddhists"
    r"|gay people|gays|lesbians|trans people|black people|white people|asians|latinos"
    r"|mexicans|chinese people|arabs|disabled people)"
)
_EXPLOSIVE = (
    r"(?:a\s+|an\s+|my\s+own\s+)?(?:homemade\s+|simple\s+|small\s+|real\s+)?"
    r"(?:bomb|pipe\s+bomb|nail\s+bomb|car\s+bomb|explosive\s+device|explosives|molotov"
    r"(?:\s+cocktail)?|grenade)s?(?![a-z])(?!\s+threat)"
)
_SHAPES: tuple[tuple[dict[str, float], tuple[str, ...]], ...] = (
    (
        # Intent to harm a person: "I want to kill them", "someone should shoot him".
        {"harassment/threatening": 0.9, "harassment": 0.85, "violence": 0.95},
        (rf"{_INTENT}\s+(?:go\s+)?{_HARM}\s+{_PERSON}{_NOT_HARM}",),
    ),
    (
        # Wishing people dead: "they should die", "they all deserve to die".
        {"harassment/threatening": 0.8, "harassment": 0.8, "violence": 0.85},
        (
            r"(?<![a-z])(?:they|he|she|you|them|those people|these people|all of them)"
            r"(?:\s+all)?\s+(?:should|must|deserve to|ought to|need to|have to)(?:\s+all)?"
            r"\s+(?:die|be killed|be shot|be executed|be exterminated|burn|rot)(?![a-z])"
            r"(?!\s+(?:off|out|down))",
            r"(?<![a-z])i hope (?:they|you|he|she) (?:all )?(?:die|dies|get killed)(?![a-z])",
        ),
    ),
    (
        # Hatred of a group of people, said outright: weak alone, hateful beside a threat.
        {"hate": 0.45, "harassment": 0.3},
        (
            r"(?<![a-z])i (?:really |just )?(?:hate|despise|loathe|can't stand) (?:all )?"
            r"(?:of )?(?:those|these|the|all) (?:people|guys|folks)(?! (?:who|that|which))",
        ),
    ),
    (
        # Hatred of a group named by who they are.
        {"hate": 0.82, "harassment": 0.45},
        (
            rf"(?<![a-z])i (?:really |just )?(?:hate|despise|loathe|can't stand) (?:all )?"
            rf"(?:(?:of )?(?:those|these|the) )?{_GROUP}(?![a-z])(?! (?:who|that|which))",
        ),
    ),
    (
        # Asking how to make an explosive: "How do I make a bomb?" (not a bath bomb).
        {"illicit/violent": 0.92, "illicit": 0.92, "violence": 0.7},
        (
            r"(?<![a-z])(?:how|way|ways|steps|instructions|guide|recipe|teach me|show me)"
            rf"(?![a-z])[^.?!\n]{{0,30}}?(?<![a-z])(?:make|build|create|assemble|construct"
            rf"|making|building)\s+{_EXPLOSIVE}",
        ),
    ),
)  # fmt: skip
# Hatred plus a threat of violence is hateful threatening: evidence of both raises both.
_HATE_EVIDENCE = 0.4
_HATE_THREAT = {"hate/threatening": 0.88, "hate": 0.88}

_COMPILED = tuple(
    (scores, tuple(_pattern(p) for p in phrases)) for scores, phrases in _RULES
) + tuple((scores, tuple(re.compile(p) for p in shapes)) for scores, shapes in _SHAPES)


def _family(multimodal: bool) -> str:
    """The omni models (which judge images too) score alike, and so do the text models."""
    return "omni" if multimodal else "text"


def _noise(family: str, kind: str, content: str) -> dict[str, float]:
    """Small per-category background scores, log-uniform in [1e-6, 3e-3)."""
    rng = derive(0, "moderation", family, kind, content)
    return {c: 10.0 ** rng.uniform(-6.0, -2.5) for c in CATEGORIES}


def _text_scores(text: str, family: str) -> dict[str, float]:
    normal = text.lower().replace("\u2019", "'")
    scores = dict.fromkeys(CATEGORIES, 0.0)
    for weights, patterns in _COMPILED:
        if any(p.search(normal) for p in patterns):
            for category, weight in weights.items():
                # Independent evidence combines like probabilities: 1 - prod(1 - w).
                scores[category] = 1.0 - (1.0 - scores[category]) * (1.0 - weight)
    if scores["hate"] >= _HATE_EVIDENCE and scores["violence"] > THRESHOLD:
        for category, weight in _HATE_THREAT.items():
            scores[category] = 1.0 - (1.0 - scores[category]) * (1.0 - weight)
    noise = _noise(family, "text", text)
    return {c: s + (1.0 - s) * noise[c] for c, s in scores.items()}


def _result(texts: Sequence[str], image_urls: Sequence[str], multimodal: bool) -> dict[str, Any]:
    family = _family(multimodal)
    if image_urls and not multimodal:
        raise ValueError("a text moderation model does not accept image inputs")
    present: list[str] = []
    parts: list[dict[str, float]] = []
    if texts or not image_urls:
        present.append("text")
        parts.append(_text_scores("\n".join(texts), family))
    if image_urls:
        present.append("image")
        # Images only ever score low: the URL's bytes seed the noise, nothing is looked at.
        image = _noise(family, "image", "\x1f".join(image_urls))
        parts.append({c: image[c] if c in IMAGE_CATEGORIES else 0.0 for c in CATEGORIES})
    scores: dict[str, float] = {}
    for c in CATEGORIES:
        keep = 1.0
        for part in parts:
            keep *= 1.0 - part[c]
        scores[c] = 1.0 - keep
    for child, parent in _PARENTS.items():
        scores[parent] = max(scores[parent], scores[child])
    applied: dict[str, list[str]] = {}
    categories: dict[str, bool | None] = {}
    for c in CATEGORIES:
        if family != "omni" and c in OMNI_ONLY:
            scores[c] = 0.0
            categories[c] = None
            applied[c] = []
            continue
        categories[c] = scores[c] > THRESHOLD
        applied[c] = [t for t in present if t == "text" or c in IMAGE_CATEGORIES]
    return {
        "flagged": any(categories.values()),
        "categories": categories,
        "category_scores": scores,
        "category_applied_input_types": applied,
    }


def moderate_text(text: str, *, multimodal: bool) -> dict[str, Any]:
    """One moderation result for one text, keyed as the API's JSON ("self-harm/intent", ...).

    ``flagged`` is true iff some category is; scores lie in [0, 1]. The text models
    (``text-moderation-*``, not ``multimodal``) do not judge ``illicit``: its flags are
    ``None``, its scores 0 and its applied input types empty (the SDK types require the fields
    to be present).
    """
    return _result([text], [], multimodal)


def moderate(
    inputs: str | Sequence[str | Mapping[str, Any]], *, multimodal: bool
) -> list[dict[str, Any]]:
    """Results for a request's ``input``: one per string for a string or a list of strings;
    one for the whole list when it holds multimodal parts (``{"type": "text", "text": ...}``,
    ``{"type": "image_url", "image_url": {"url": ...}}``), as the API answers.

    Raises ``ValueError`` for an image with a legacy model or an unknown part; the handler
    validates first, so these are the last line only.
    """
    if isinstance(inputs, str):
        return [moderate_text(inputs, multimodal=multimodal)]
    if all(isinstance(item, str) for item in inputs):
        return [
            moderate_text(item, multimodal=multimodal) for item in inputs if isinstance(item, str)
        ]
    texts: list[str] = []
    urls: list[str] = []
    for item in inputs:
        if isinstance(item, str):
            texts.append(item)
        elif item.get("type") == "text" and isinstance(item.get("text"), str):
            texts.append(item["text"])
        elif item.get("type") == "image_url" and isinstance(item.get("image_url"), Mapping):
            urls.append(str(item["image_url"].get("url", "")))
        else:
            raise ValueError(f"unsupported moderation input part: {item.get('type')!r}")
    return [_result(texts, urls, multimodal)]
