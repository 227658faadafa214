"""Deterministic reply text: readable sentences in the prompt's language, on the prompt's topic.

Every function here is pure: the same ``(seed, prompt, index)`` gives the same text in any
process, because all choices come from ``randomness.derive``. A few prompt shapes get
purpose-built replies (greetings, grammar fixes, summaries, translations); anything else gets
sentences from per-language templates with the prompt's salient words woven in.
"""

from __future__ import annotations

import json
import operator
import re
import string
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..randomness import derive, derive_int

# ---------------------------------------------------------------------------------------------
# Language and topic words.

_HANGUL_RE = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LETTER_RE = re.compile(r"[^\W\d_]")
# _HANGUL_RE's letters, so that one pass removes them: every syllable, and the jamo that the
# Unicode database calls letters (all but U+3130 and U+318F, unassigned, in Unicode 14).
_JAMO = [chr(c) for c in (*range(0x1100, 0x1200), *range(0x3130, 0x3190))]
_JAMO_NON_LETTERS = [c for c in _JAMO if not _LETTER_RE.match(c)]
_HANGUL_LETTERS_RE = re.compile(
    "[" + "".join(c for c in _JAMO if c not in _JAMO_NON_LETTERS) + "\uac00-\ud7a3]+"
)
_ASCII_LETTERS = string.ascii_letters.encode()


def detect_language(text: str) -> str:
    """``"ko"`` when Hangul makes up at least half of the letters of ``text``, else ``"en"``."""
    # Hot (each request, each reply): counted in C, not by a per-character regex findall.
    if text.isascii():
        return "en"  # no Hangul at all
    rest = _HANGUL_LETTERS_RE.sub("", text)
    hangul_letters = len(text) - len(rest)
    if rest.isascii():  # the usual rest, Latin words, digits and punctuation: no odd Hangul
        latin = len(rest) - len(rest.encode().translate(None, _ASCII_LETTERS))
        return "ko" if hangul_letters and hangul_letters >= latin else "en"
    hangul = hangul_letters + sum(rest.count(c) for c in _JAMO_NON_LETTERS)
    letters = hangul_letters + len(_LETTER_RE.findall(rest))
    return "ko" if letters and hangul * 2 >= letters else "en"


def _fold(text: str) -> str:
    """``text`` lowercased for cheap substring checks before an ``re.IGNORECASE`` search: every
    character such a search matches to an ASCII letter becomes that letter (``str.lower`` leaves
    dotless "ı" and long "ſ" alone, and turns "İ" into two characters)."""
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:
        text = text.replace("\u0130", "i").replace("\u0131", "i").replace("\u017f", "s")
    return text.lower()


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Never a topic, and a noun phrase ends there: function words, the words of a request (write,
# explain, short, brief, best), numbers, times, pronouns.
_EN_STOPWORDS = _wordset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't could did didn't do does doesn't doing don't
    down during each either else ever every few for from further get gets give given go going got
    had has have having he her here hers herself him himself his how however i i'd i'll i'm i've
    if in into is isn't it it's its itself just know let let's like make many may me might more
    most much must my myself need no nor not now of off on once one only or other our ours out
    over own please really same say says she should so some such tell than thank thanks that
    that's the their theirs them then there there's these they this those through to today too
    tomorrow under until up us use very want was wasn't way we well were what what's when where
    which while who whom why will with would you you'd you'll you're your yours yourself hello hi
    hey explain describe write give show help something anything thing things kind sure okay ok
    correct grammar summarize above text translate following sentence sentences answer question
    questions current currently like search find look lookup won win wins made use used using
    upon onto within without across along around behind beyond near toward towards among via per
    regarding concerning versus vs though although unless whether since ago yet still already
    soon later always never sometimes often usually maybe perhaps actually basically even
    tonight yesterday everything everyone everybody someone somebody anyone anybody nothing
    nobody yes whats lets wanna gonna gotta could would ways we're they're we've they've
    we'll they'll he's she's he'd she'd we'd they'd won't wouldn't shouldn't couldn't
    write writes wrote written compose composed draft create generate list name suggest
    recommend provide share teach tells told describes explains define discuss summarise
    outline rewrite improve draw plan convert calculate solve think understand remember imagine
    consider learn try trying tried keep put take bring call called named mean means meant""",
)
# Words about the wanted reply, not its topic ("a short poem", "the best way", "three facts"):
# skipped where a noun phrase starts.
_EN_EVALUATIVE = _wordset(
    """short shorter long longer brief quick quickly simple simply easy easier easiest detailed
    little big bigger small smaller large tiny huge good better best bad worse worst great nice
    fine funny interesting fun cool amazing awesome beautiful lovely pretty cute important main
    basic different similar various several common popular famous favorite favourite real true
    full whole entire complete general specific particular possible fast slow free cheap new
    old lot lots bit top key ideal perfect simplest fastest hardest difficult hard clear exact
    two three four five six seven eight nine ten twenty hundred thousand first second third
    last next happy sad angry tired bored excited worried scared glad""",
)
_EN_STOPWORDS |= _EN_EVALUATIVE
# Words a reader would not call the topic when a better one is there: kinds of writing (poem,
# story) and words for a relation to the topic (history, benefits: "the history of chess" is
# about chess). They may stand inside a noun phrase ("health benefits").
_EN_WEAK = _wordset(
    """poem poems story stories essay essays haiku limerick joke jokes song songs lyrics
    paragraph article letter email speech tweet post blog summary outline code function script
    program example examples history benefits benefit advantages disadvantages pros cons meaning
    definition importance basics fundamentals types type kinds sorts sort overview role purpose
    causes effects effect impact future origin origins concept concepts idea ideas principles
    features difference differences uses tips tip facts fact steps step process cup glass piece
    pair bunch number amount part set couple slice bowl variety list plot theme themes
    characters word words term phrase web internet online topic topics subject subjects area
    areas field""",
)
# Verbs common in questions ("how does it work"): weak, and they end a noun phrase.
_EN_VERBS = _wordset(
    """work works worked happen happens happened form forms formed grow grows fly flies move
    moves affect affects differ differs matter matters exist exists become becomes compare
    cook bake build builds play plays feel feels look looks seem seems sound sounds taste
    tastes talk talks chat speak eat eats drink drinks""",
)
# Colours qualify a noun ("green tea", "black holes") but are no topic after one ("the sky
# is blue").
_EN_MODIFIERS = _wordset("red orange yellow green blue purple pink brown black white gray grey")
_EN_DETERMINERS = _wordset(
    """a an the my your our their his her its this that these those some any all every each
    many much few several more most no another other""",
)
_EN_SKIP = _EN_DETERMINERS | _EN_EVALUATIVE
_EN_PRONOUNS = _wordset("i you we they he she it me us them him")
# A word right after these is a verb ("I bake", "who loved").
_EN_SUBJECTS = _wordset(
    """i you we they he she who let's lets i'm you're we're they're i'll you'll we'll they'll
    he'll she'll i'd""",
)
# So is one after a modal inside a sentence ("someone should shoot"; "Can cats ..." is a
# question).
_EN_MODALS = _wordset("can could should would will must might may")
_EN_AUX = _wordset("do does did is are was were can could should would will has have")
# What introduces the topic: "about the sea", "explain quantum computing", "how do X ...",
# "what is X?"; after a relation word, "of"/"between"/"for" ("benefits of green tea").
_EN_ABOUT = _wordset("about regarding concerning")
# "on" does too, after these ("an essay on climate change"), not elsewhere ("sat on the mat").
_EN_ON_AFTER = _wordset(
    """book books information info advice thoughts opinion opinions views lecture report paper
    course talk presentation guide tutorial notes help research study""",
)
_EN_EXPLAIN = _wordset("explain describe define discuss summarize summarise introduce")
_EN_HOW = _wordset("how why")
_EN_WHAT = _wordset("what who which")
_EN_COPULA = _wordset("is are was were")
_EN_RELATION_LINKS = _wordset("of between for on about behind in")
# Set phrases that look like topics and are not ("Once upon a time", "step by step").
_EN_IDIOMS_RE = re.compile(
    r"\b(?:once upon a time|step by step|in (?:great |more )?detail|in simple terms"
    r"|in plain english|in a nutshell|in short|for example|for instance|of course|at least"
    r"|a lot|a bit|a little|right now|these days|in general|as well|in other words|kind of"
    r"|sort of|like i'?m five|like i am five|for (?:a )?beginners?|for kids)\b",
    re.IGNORECASE,
)
# The case-blind search above tries each alternative at each position: it costs more than the
# rest of an English prompt's analysis, and most prompts hold no idiom, so cheaper checks rule
# idioms out first. In ASCII text, an idiom's words stand between spaces and non-word
# characters, so each is a word of the text once every non-letter is a space: one whole word
# of each idiom is looked up among those.
_EN_IDIOM_WORDS = frozenset(
    word.encode()
    for word in _wordset(
        """upon step detail terms plain nutshell short example instance course least lot bit
        little right days general well other kind sort five beginner beginners kids"""
    )
)
# ASCII letters to lowercase, every other byte to a space.
_EN_LOWER_LETTERS = bytes(
    c | 0x20 if chr(c).isascii() and chr(c).isalpha() else 0x20 for c in range(256)
)
# Elsewhere, a piece of every idiom, looked for in the folded text (all at once: one search
# for any of them is a tenth of the cost of one ``in`` per piece).
_EN_IDIOM_HINTS_RE = re.compile(
    "|".join(
        map(
            re.escape,
            (
                "once upon", "step by", "detail", "simple terms", "plain english", "nutshell",
                "in short", "for example", "for instance", "of course", "at least", "a lot",
                "a bit", "a little", "right now", "these days", "in general", "as well",
                "other words", "kind of", "sort of", "like i", "beginner", "for kids",
            ),
        )
    )
)  # fmt: skip


def _mask_idioms(text: str) -> str:
    """``text`` with each idiom blanked out (a comma, then spaces: offsets stay)."""
    if text.isascii():
        if _EN_IDIOM_WORDS.isdisjoint(text.encode().translate(_EN_LOWER_LETTERS).split()):
            return text
    else:
        folded = _fold(text)
        if not _EN_IDIOM_HINTS_RE.search(folded):
            return text
    return _EN_IDIOMS_RE.sub(lambda m: "," + " " * (len(m.group(0)) - 1), text)


_KO_STOPWORDS = _wordset(
    """무엇 무엇인가요 뭐 뭔가요 어떻게 어떤 왜 언제 어디 누구 알려줘 알려주세요
    설명해줘 설명해 설명해주세요 해줘 해주세요 주세요 그리고 그런데 하지만 그래서
    또는 이 그 저 것 수 등 좀 정말 너무 아주 있나요 있어요 있습니다 합니다 해요
    입니다 인가요 대해 대해서 관해 관해서 대한 관한 다음 문장 번역 요약 영어
    한국어 안녕하세요 대하여 관하여 오늘 내일 어제 지금 요즘 항상 가장 제일 더 많이
    조금 모든 여러 다양한 간단히 자세히 쉽게 짧게 길게 한번 하나 둘 셋 나 너 제 내
    우리 저희 그들 그녀 당신 여기 거기 저기 이것 그것 저것 뭐야 뭐예요 뭐지 뭔데 뭘
    무엇이야 무엇인지 무엇일까요 무엇입니까 어때 어때요 좋은 짧은 긴 쉬운 어려운
    새로운 간단한 재미있는 예쁜 나쁜 큰 작은 많은 적은 써 써줘 써주세요 작성해줘
    작성해주세요 만들어 만들어줘 만들어주세요 추천해 추천해줘 추천해주세요 들려줘
    들려주세요 말해줘 말해주세요 부탁해 부탁합니다 부탁드립니다 궁금해 궁금해요
    궁금합니다 줄래 줄래요 있을까요 정리해줘 소개해줘 가르쳐줘 보여줘 그냥 그래도 아마
    역시 벌써 아직 이미 다시 함께 같이 정말로 진짜 혹시 별로 매우 꽤""",
)
# Like _EN_WEAK: the relation (방법, 장점, 역사: "체스의 역사" is about 체스) and the kind of
# writing (시, 이야기, 코드).
_KO_WEAK = _wordset(
    """방법 법 예시 예제 예 설명 정의 의미 뜻 차이 차이점 종류 장점 단점 장단점 특징 내용
    질문 답변 이유 원리 개념 방식 과정 팁 목록 역사 기초 기본 개요 중요성 역할 영향 효과
    원인 결과 사례 점 추천 작성 정리 소개 시 이야기 글 소설 동화 에세이 편지 노래 농담
    문단 코드 시나리오 일기""",
)
# Nouns a predicate's adnominal form leans on ("만드는 방법": 만드는 is a verb).
_KO_BOUND = _wordset("방법 법 것 거 수 때 곳 이유 과정 중 데 사람 점 적 줄 뿐 만큼")
# "X에 대해", "X에 관한": X is the topic.
_KO_ABOUT = _wordset("대해 대해서 대한 대하여 관해 관해서 관한 관하여")
# "X는 무엇", "X가 뭐야": X is the topic; so is the object of a request ("X를 설명해").
_KO_WHAT = ("무엇", "뭐", "뭔", "뭘", "무슨")
_KO_REQUESTS = (
    "설명", "알려", "추천", "소개", "정리", "가르쳐", "들려", "써", "작성", "만들어", "보여",
    "말해",
)  # fmt: skip
# Particles stripped from the end of a Hangul word, longest first.
_KO_PARTICLES = (
    "에서는", "에게서", "으로는", "이라는", "에서", "에게", "까지", "부터", "처럼", "보다", "으로",
    "이랑", "하고", "라는", "이란", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와",
    "과", "도", "만", "랑", "란",
)  # fmt: skip
# Predicate endings: a Hangul word ending so is a verb or adjective, not a topic noun.
_KO_PREDICATE_RE = re.compile(
    r"(요|다|까|죠|니|줘|세요|나요|래|자|어|아|지|해|고|며|아서|어서|해서|여서|라서|면서|는데|은데"
    r"|지만|거나|도록|려고|으면|하면|해라|거라|어라|아라)$"
)
# One-syllable words that are never nouns in a phrase ("좀", "더", "잘").
_KO_MONO_STOP = frozenset("좀더잘꼭또다안못막곧늘참꽤한새각전총약온첫이그저왜뭐즉및제내너나")
# Adnominal endings of three syllables or more ("간단한", "어려운"): they qualify a noun.
_KO_ADNOMINAL_RE = re.compile(r"(한|운|된|던|할|될)$")
# A stem ending so, before 는/은, is a verb or adjective ("재미있는", "유명한").
_KO_VERB_STEM_RE = re.compile(r"(있|없|하|되|같|싶)$")
_EN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
_KO_WORD_RE = re.compile(r"[가-힣]+")
_KO_TOKEN_RE = re.compile(r"[A-Za-z0-9가-힣]+")


# Single-syllable particles that are also common noun endings (사과, 포도) need a longer stem.
_KO_AMBIGUOUS_PARTICLES = frozenset("과와도만로랑란")
# Nouns that end in 도 and would lose it as the particle "also" (제주도 -> 제주).
_KO_DO_NOUNS = _wordset(
    """제주도 독도 울릉도 강화도 거제도 경기도 강원도 충청도 전라도 경상도 반도 정도 온도 속도
    습도 각도 태도 제도 지도 시도 용도 한도 빈도 밀도 농도 강도 적도 인도 포도 고도 의도""",
)


# The particles by their last syllable, in _KO_PARTICLES' order: a word ending in "의" need not
# be tried against the other 29.
_KO_PARTICLES_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(p for p in _KO_PARTICLES if p[-1] == last)
    for last in {p[-1] for p in _KO_PARTICLES}
}


# Words recur across prompts (and within one, as the next word is looked at too); bounded.
@lru_cache(maxsize=4096)
def _strip_particle(word: str) -> str:
    if word in _KO_DO_NOUNS:
        return word
    for particle in _KO_PARTICLES_BY_LAST.get(word[-1:], ()):
        stem = word[: -len(particle)]
        if not word.endswith(particle) or not stem:
            continue
        if particle in _KO_AMBIGUOUS_PARTICLES and len(stem) < 2:
            continue
        return stem
    return word


def hangul_stems(text: str) -> list[str]:
    """The Hangul words of ``text`` without their trailing particles ("서울의" -> "서울")."""
    return [_strip_particle(raw) for raw in _KO_WORD_RE.findall(text)]


class _Term:
    """One English word, or a run of capitalised ones ("World Cup"), as the prompt has it."""

    # A plain slotted class: a prompt makes a term per word, and a frozen dataclass's
    # __init__ (object.__setattr__ per field) cost more than the analysis of the word.
    __slots__ = ("joined", "low", "proper", "sentence_start", "start", "stop", "text")

    def __init__(
        self, start: int, text: str, proper: bool, joined: bool, sentence_start: bool = False
    ) -> None:
        self.start = start
        self.text = text
        self.proper = proper
        self.joined = joined  # nothing but spaces between it and the term before
        self.sentence_start = sentence_start
        # Looked at many times per term (stopword, weak word, phrase, focus): computed once.
        self.low = low = text.lower()
        # Never a topic, and a noun phrase ends there: a stopword, or a short common word.
        self.stop = low in _EN_STOPWORDS or (len(low) < 3 and not proper)


# _EN_WORD_RE's words, each with the text before it: they cover the text up to the last word,
# so offsets add up, and strings come back instead of match objects (three calls per word).
# The word is optional so that the text after the last word is one match with no word (then
# an empty one at the end): with the word required, each position of that tail was tried and
# its gap scanned to the end, quadratic in the tail (29 ms for 2,000 characters of Hangul).
_EN_GAP_WORD_RE = re.compile(r"([^A-Za-z]*)(" + _EN_WORD_RE.pattern + ")?")
_SENTENCE_ENDS = (".", "!", "?", ":")


def _opens_sentence(gap: str, start: int) -> bool:
    r"""Whether the word after ``gap`` (all the text since the word before it, or since the
    start: words end on a letter, gaps hold none) opens a sentence: it starts the text, or
    ".", "!", "?", ":" or a line break stands before it, spaces aside. That is where
    ``(?:^|[.!?:\n]\s*)(\w)`` would find it, without a scan of the text for sentence starts."""
    if gap == " ":
        return False  # a letter, then a space
    if not gap:
        return start == 0  # only the first word can follow no gap
    before = gap.rstrip()  # the spaces \s matches (both by str.isspace)
    return before.endswith(_SENTENCE_ENDS) or "\n" in gap[len(before) :]


def _english_terms(text: str, names: bool = False) -> list[_Term]:
    """Each English word of ``text``; runs of proper nouns are one term ("World Cup"). A capital
    at a sentence start says nothing, so it does not count; with ``names`` (English words in a
    Korean prompt) every word counts as a name."""
    terms: list[_Term] = []
    last: _Term | None = None
    start = 0
    for gap, word in _EN_GAP_WORD_RE.findall(text):
        if not word:
            break  # the tail: no word after the last one
        start += len(gap)
        at_start = gap != " " and _opens_sentence(gap, start)  # most words follow one space
        # A capital makes a name, except at a sentence start; acronyms ("AI", "GPT") are names
        # wherever they stand (a word starts with a letter: an upper-case one is capitalised).
        proper = names or (
            word[0].isupper() and (not at_start or (len(word) >= 2 and word.isupper()))
        )
        if last is None:
            last = _Term(start, word, proper, False, at_start)
            terms.append(last)
        elif proper and last.proper and gap == " ":
            last = terms[-1] = _Term(
                last.start, f"{last.text} {word}", True, last.joined, last.sentence_start
            )
        else:
            joined = gap == " " or not gap.strip(" \t0123456789")
            last = _Term(start, word, proper, joined, at_start)
            terms.append(last)
        start += len(word)
    return terms


def _plural(word: str) -> bool:
    """Whether an English word looks like a plural ("volcanoes", not "photosynthesis")."""
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "is", "us", "ics", "ous", "news", "series", "species"))
    )


def _participle(word: str) -> bool:
    """Whether an English word looks like a past participle ("advanced", not "seed")."""
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


# Weak wherever they stand (unless a name): relations and kinds of writing, verbs, colours.
_EN_WEAK_WORDS = _EN_WEAK | _EN_VERBS | _EN_MODIFIERS


def _en_weak(terms: list[_Term], i: int) -> bool:
    """Whether ``terms[i]`` is a word a reader would pick only for want of another: a relation or
    kind of writing, a verb (after "I"/"to"/"who", or a common one), an adverb or adjective by
    its ending."""
    term = terms[i]
    if term.proper:
        return False
    low = term.low
    if low in _EN_WEAK_WORDS:
        return True
    before = terms[i - 1].low if i and term.joined else ""
    after = terms[i + 1] if i + 1 < len(terms) and terms[i + 1].joined else None
    if term.sentence_start and after is not None and after.low in _EN_DETERMINERS:
        return True  # an imperative: "kill the process", "send an email"
    if before in _EN_SUBJECTS:
        return True  # "I bake", "who loved", "let's talk", "I'm feeling"
    if before in _EN_MODALS and not terms[i - 1].sentence_start:
        return True
    if before == "that" and _plural(low):
        return True  # "a function that reverses"
    if before == "to" and after is not None and not after.proper:
        return True  # "to learn programming", "to bake a cake"
    if low.endswith(("ous", "ful", "less", "ical")) or (len(low) > 6 and low.endswith("ive")):
        return True
    if _participle(low):
        return True
    return len(low) > 4 and low.endswith("ly") and before not in _EN_DETERMINERS


def _en_phrase(
    terms: list[_Term], j: int, *, verb_may_follow: bool = False
) -> tuple[str, int, bool]:
    """The noun phrase starting at ``terms[j]`` (determiners and words like "short" skipped),
    at most three words, the index after it, and whether it was reached through a relation
    ("the history of chess" gives "chess"); ("", j, False) when none starts there.
    ``verb_may_follow``: a bare "-s" word after the first is the verb ("how a rainbow forms").

    Relations are followed as far as they chain ("the history of the origins of chess"), to
    the last phrase found; in a loop, since a long chain ran a recursion out of stack."""
    start = j
    found: tuple[list[_Term], int] | None = None  # the last phrase and the index after it
    related = False
    depth = 0
    while (phrase := _en_words(terms, j, verb_may_follow)) is not None:
        found, related = phrase, depth > 0
        words, j = phrase
        last = words[-1]
        if not (
            not last.proper
            and last.low in _EN_WEAK
            and j + 1 < len(terms)
            and terms[j].joined
            and terms[j].low in _EN_RELATION_LINKS
        ):
            break
        j += 1  # past the relation word: the phrase it leads to
        verb_may_follow = False
        depth += 1
    if found is None:
        return "", start, False
    words, after = found
    return " ".join([w.text if w.proper else w.low for w in words]), after, related


def _en_words(terms: list[_Term], j: int, verb_may_follow: bool) -> tuple[list[_Term], int] | None:
    """The words of the noun phrase starting at ``terms[j]`` (see ``_en_phrase``) and the
    index after them, not following a relation; None when none starts there."""
    n = len(terms)
    start = j
    # A word may be skipped when it continues the phrase (joined, or the first) and is no name.
    while (
        j < n
        and terms[j].low in _EN_SKIP
        and (j == start or terms[j].joined)
        and not terms[j].proper
    ):
        j += 1
    # "writing a resume": the gerund's object is the topic.
    if (
        j + 1 < n
        and terms[j].low.endswith("ing")
        and terms[j + 1].low in _EN_DETERMINERS
        and _skippable(terms, j, start)
        and _skippable(terms, j + 1, start)
    ):
        j += 1
        while j < n and terms[j].low in _EN_SKIP and _skippable(terms, j, start):
            j += 1
    if j > start and j < n and not terms[j].joined:
        return None
    words: list[_Term] = []
    while j < n and len(words) < 3:
        term = terms[j]
        if words and not term.joined:
            break
        if term.stop or (term.low in _EN_VERBS and not term.proper):
            break
        if words and term.low in _EN_MODIFIERS:
            break  # "the sky blue": the colour comes after its noun
        if words and verb_may_follow and not term.proper and _plural(term.low):
            break
        words.append(term)
        j += 1
        if not term.proper and _plural(term.low):
            break  # "volcanoes form": a plural ends the phrase
    if _participles_alone(words):
        return None  # "what is checked": a participle alone names nothing
    return words, j


def _skippable(terms: list[_Term], k: int, start: int) -> bool:
    """Whether ``terms[k]`` continues a phrase begun at ``start`` and may be skipped there."""
    return k < len(terms) and (k == start or terms[k].joined) and not terms[k].proper


def _participles_alone(words: list[_Term]) -> bool:
    """Whether ``words`` holds nothing but past participles (or nothing at all)."""
    return all(not word.proper and _participle(word.low) for word in words)


def _ends_sentence(terms: list[_Term], j: int) -> bool:
    return j >= len(terms) or not terms[j].joined


# The words a focus starts from, below: any other word is passed over with one lookup.
_EN_FOCUS_CUES = _EN_ABOUT | _EN_EXPLAIN | _EN_HOW | _EN_WHAT | {"on", "what's", "who's"}


def _en_focus(terms: list[_Term]) -> list[tuple[int, str]]:
    """Phrases the prompt says it is about, with their positions (see ``_EN_ABOUT``...)."""
    found: list[tuple[int, str]] = []
    for i in range(len(terms) - 1):
        term = terms[i]
        low = term.low
        if low not in _EN_FOCUS_CUES:
            continue  # most words: one lookup
        nxt = terms[i + 1]
        if not nxt.joined:
            continue
        phrase = ""
        on_topic = (
            low == "on"
            and i > 0
            and term.joined
            and (terms[i - 1].low in _EN_ON_AFTER or terms[i - 1].low in _EN_WEAK)
        )
        if low in _EN_ABOUT or low in _EN_EXPLAIN or on_topic:
            phrase, _, _ = _en_phrase(terms, i + 1)
        elif low in _EN_HOW:
            j, aux = i + 1, False
            if terms[j].low in _EN_AUX:
                j, aux = j + 1, True
            if j < len(terms) and terms[j].low in ("many", "much") and terms[j].joined:
                j += 1
            if j < len(terms) and terms[j].joined and terms[j].low not in _EN_PRONOUNS:
                phrase, after, _ = _en_phrase(terms, j, verb_may_follow=not aux)
                if not aux and after < len(terms) and terms[after].low in _EN_AUX:
                    phrase = ""  # "how warm is Paris": an adjective, not a subject
        elif (low in _EN_WHAT and nxt.low in _EN_COPULA) or low in ("what's", "who's"):
            j = i + 2 if low in _EN_WHAT else i + 1
            if j < len(terms) and terms[j].joined:
                phrase, after, related = _en_phrase(terms, j)
                ends = _ends_sentence(terms, after) or terms[after].low in ("and", "or")
                if not (ends or related):
                    phrase = ""  # "What's the weather like in Boston": no "what is X?"
        # (A phrase is ASCII words: lowered whole, it splits into its words lowered.)
        if phrase and not _EN_WEAK.issuperset(phrase.lower().split()):
            found.append((terms[i + 1].start, phrase))
    return found


class _KoWord:
    __slots__ = ("joined", "kind", "particle", "raw", "start", "stem")

    def __init__(
        self, start: int, raw: str, stem: str, particle: str, kind: str, joined: bool
    ) -> None:
        self.start = start
        self.raw = raw
        self.stem = stem
        self.particle = particle
        self.kind = kind  # "noun", "weak", "mono" (one bare syllable), "predicate" or "stop"
        self.joined = joined


_KO_LATIN_RE = re.compile(r"([A-Za-z][A-Za-z0-9]*)([가-힣]*)")


# What a token is depends on the token alone (and on the prompt being Korean, for Latin ones),
# except for "X는"/"X은", a predicate before a bound noun ("만드는 방법"): that one comes back
# with its kind otherwise and True, and the caller looks at the next word. Tokens recur across
# prompts far more than they vary; bounded, so varied numbers ("1234번") only evict.
@lru_cache(maxsize=4096)
def _ko_token(raw: str, korean: bool) -> tuple[str, str, str, bool] | None:
    """``(stem, particle, kind, predicate before a bound noun)``; None for a token left out."""
    latin = _KO_LATIN_RE.fullmatch(raw)
    if latin:
        if not latin.group(2) and not korean:
            return None  # English in English: the English side reads it
        stem, particle = latin.group(1), latin.group(2)
    elif not _HANGUL_RE.search(raw):
        return None
    else:
        stem = _strip_particle(raw)
        particle = raw[len(stem) :]
    if raw in _KO_STOPWORDS or stem in _KO_STOPWORDS or raw[0].isdigit():
        return stem, particle, "stop", False  # numbers too: "5가지", "2024년"
    if latin:
        return stem, particle, "noun", False
    if not particle and (
        _KO_PREDICATE_RE.search(raw) or (len(raw) >= 3 and _KO_ADNOMINAL_RE.search(raw))
    ):
        return stem, particle, "predicate", False
    if particle in ("는", "은"):
        if _KO_VERB_STEM_RE.search(stem):
            return stem, particle, "predicate", False  # "재미있는"
        # Unless a bound noun follows ("만드는 방법"): with a particle, no "mono"; one
        # syllable is a noun only with a case particle, which 는/은 is not.
        kind = "stop" if len(stem) < 2 else "weak" if stem in _KO_WEAK else "noun"
        return stem, particle, kind, True
    if len(stem) < 2 and not particle and stem not in _KO_MONO_STOP:
        return stem, particle, "mono", False  # a noun only inside a phrase ("웹 서버")
    if len(stem) < 2 and particle not in ("을", "를", "에", "의", "로", "으로", "에서"):
        return stem, particle, "stop", False  # one syllable is a noun only so ("책을")
    return stem, particle, "weak" if stem in _KO_WEAK else "noun", False


def _ko_words(text: str, korean: bool) -> list[_KoWord]:
    """The Hangul words of ``text`` (and Latin ones with a Hangul particle, "AI가", or any in a
    ``korean`` prompt: "Python 설치"), each with its particle and what it is: a noun, a weak
    noun, a predicate or a stopword."""
    if not korean and (text.isascii() or not _KO_WORD_RE.search(text)):
        return []  # no Hangul: every token would be left out
    tokens = list(_KO_TOKEN_RE.finditer(text))
    words: list[_KoWord] = []
    for k, m in enumerate(tokens):
        raw = m.group(0)
        token = _ko_token(raw, korean)
        if token is None:
            continue
        stem, particle, kind, before_bound = token
        if (
            before_bound
            and k + 1 < len(tokens)
            and _strip_particle(tokens[k + 1].group(0)) in _KO_BOUND
        ):
            kind = "predicate"  # "만드는 방법"
        previous_end = tokens[k - 1].end() if k else 0
        joined = bool(k) and not text[previous_end : m.start()].strip()
        words.append(_KoWord(m.start(), raw, stem, particle, kind, joined))
    return words


class _KoPhrase:
    __slots__ = ("first", "last", "text", "weak")

    def __init__(self, first: int, last: int, text: str, weak: bool) -> None:
        self.first = first  # index of its first word in the word list
        self.last = last
        self.text = text
        self.weak = weak

    def words(self) -> list[str]:
        return self.text.split()


def _ko_phrases(words: list[_KoWord]) -> list[_KoPhrase]:
    """Noun phrases: bare nouns run into the next noun ("지도 학습에", "제주도 여행 일정을"), up
    to three; a trailing weak noun is dropped ("설치 방법" -> "설치")."""
    phrases: list[_KoPhrase] = []
    run: list[int] = []

    def close() -> None:
        if run and words[run[-1]].kind == "mono":
            run.pop()  # a bare syllable alone is no noun ("웹" before a verb)
        if run:
            stems = [words[i].stem for i in run]
            while len(stems) > 1 and stems[-1] in _KO_WEAK:
                stems.pop()
            weak = all(s in _KO_WEAK for s in stems)
            phrases.append(_KoPhrase(run[0], run[-1], " ".join(stems), weak))
            run.clear()

    for i, word in enumerate(words):
        if word.kind in ("stop", "predicate"):
            close()
            continue
        if run and (not word.joined or words[run[-1]].particle or len(run) == 3):
            close()
        run.append(i)
    close()
    return phrases


def _ko_focus(words: list[_KoWord], phrases: list[_KoPhrase]) -> list[tuple[int, str]]:
    """Phrases the prompt says it is about: "X에 대해", "X는 무엇", "X를 설명해", "X란"; for
    a relation ("체스의 역사", "A와 B의 차이") its owner."""
    by_last = {p.last: p for p in phrases}
    found: list[tuple[int, str]] = []
    for phrase in phrases:
        end = words[phrase.last]
        nxt = words[phrase.last + 1] if phrase.last + 1 < len(words) else None
        follows = nxt.raw if nxt is not None and nxt.joined else ""
        about = end.particle == "에" and follows in _KO_ABOUT
        what = end.particle in ("은", "는", "이", "가", "이란", "란") and follows.startswith(
            _KO_WHAT
        )
        request = end.particle in ("을", "를") and follows.startswith(_KO_REQUESTS)
        if not (about or what or request or end.particle in ("이란", "란")):
            continue
        chosen = [phrase]
        if phrase.weak:  # "체스의 역사에 대해" is about 체스
            owner = by_last.get(phrase.first - 1)
            if (
                owner is None
                or words[owner.last].particle != "의"
                or not words[phrase.first].joined
            ):
                continue
            chosen = [owner]
            partner = by_last.get(owner.first - 1)
            if partner is not None and words[partner.last].particle in ("과", "와", "랑", "하고"):
                chosen.insert(0, partner)  # "딥러닝과 머신러닝의 차이"
        found += [(words[p.first].start, p.text) for p in chosen if not p.weak]
    return found


_WEAK_NOUNS = _EN_WEAK | _KO_WEAK


def salient_words(text: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` topic words of ``text``, the one a reader would name first.

    First what the prompt says it is about ("a poem about the sea", "how do volcanoes form",
    "머신러닝에 대해"), in the order written; then proper nouns and long words. Words of the
    request itself (write, short, explain, 알려주세요), relations (history of, 장점) and kinds of
    writing (poem, 이야기) are left out, the latter two kept only when nothing else is there.
    English words keep their case only when capitalised mid-sentence (likely proper nouns);
    Korean words lose their particles ("서울의" -> "서울") and predicates are skipped.
    """
    return _salient_words(text, limit, detect_language(text) == "ko")


def _after_sentence_break(text: str, start: int) -> bool:
    """Whether ``text[start]`` opens the text or a sentence (spaces aside)."""
    # Walks back over the spaces only: slicing ``text[:start]`` per phrase is quadratic.
    while start and text[start - 1].isspace():
        start -= 1
    return not start or text[start - 1] in ".!?\n"


# The others' order: weight, then position, then the phrase (never the fields after it).
_RANK = operator.itemgetter(0, 1, 2)


def _salient_words(text: str, limit: int, korean: bool) -> list[str]:
    """``salient_words``, told whether ``text`` is Korean (a reply has detected it already)."""
    terms = _english_terms(_mask_idioms(text), names=korean)
    words = _ko_words(text, korean)
    phrases = _ko_phrases(words) if words else []
    focus = _en_focus(terms)
    if phrases:
        focus += _ko_focus(words, phrases)
    focus.sort()
    # (-weight, position, phrase, term index, weak) for everything else: an English term's
    # weakness (``_en_weak``) is worked out only when the term is looked at below, so its
    # weak is None; a Korean phrase has no index and knows its weakness.
    others: list[tuple[float, int, str, int | None, bool | None]] = []
    for i, term in enumerate(terms):
        if term.stop:
            continue
        weight = len(term.text) + (6.0 if term.proper else 0.0)
        others.append((-weight, term.start, term.text if term.proper else term.low, i, None))
    for ko in phrases:
        start = words[ko.first].start
        weight = 2.0 * sum(len(w) for w in ko.words())
        if words[ko.last].particle in ("은", "는") and _after_sentence_break(text, start):
            weight += 4  # a sentence's topic, marked so ("독도는 우리땅")
        others.append((-weight, start, ko.text, None, ko.weak))
    others.sort(key=_RANK)
    # The focus first, in the order written, then the best of the others that are not weak;
    # a phrase sharing a word with one taken is passed over.
    chosen: list[str] = []
    taken: set[str] = set()
    for _, topic in focus:
        if len(chosen) >= limit:
            return chosen
        parts = {w.lower() for w in topic.split()}
        if not parts & taken:
            chosen.append(topic)
            taken.update(parts)
    for _, _, topic, index, weak in others:
        if len(chosen) >= limit:
            return chosen
        parts = {w.lower() for w in topic.split()}
        if parts & taken:
            continue  # its weakness does not matter
        if _en_weak(terms, index) if index is not None else weak:
            continue
        chosen.append(topic)
        taken.update(parts)
    if not chosen and limit > 0:
        # Only weak words ("Tell me a joke"): the best noun of them. (Every other was looked
        # at above and found weak, so the order is the others' order.)
        for _, _, topic, _, _ in others:
            if all(w in _WEAK_NOUNS for w in topic.lower().split()):
                chosen.append(topic)
                break
    return chosen


# ---------------------------------------------------------------------------------------------
# Sentence banks (one sentence per entry, so the drawn count is the reply's sentence count).
# {a}/{b}/{c} are topic words; {A} is {a} capitalised for a sentence start.

_EN_OPENERS = [
    "That's a great question about {a}.",
    "Here's a quick overview of {a}.",
    "Let's take a closer look at {a}.",
    "Good question, {a} comes up a lot.",
    "Happy to help with {a}.",
    "{A} is an interesting topic.",
    "Sure, let's talk about {a}.",
    "There are a few things worth knowing about {a}.",
    "Thanks for asking about {a}.",
    "When it comes to {a}, a little context goes a long way.",
    "Great topic: {a} has more depth than it first appears.",
    "I can certainly help you think through {a}.",
]
_EN_BODY = [
    "The key idea is to start with the basics and build from there.",
    "{A} is easier to understand when you break it into smaller parts.",
    "A good first step is to look at how {a} works in practice.",
    "Many people find that {a} and {b} are closely related.",
    "It often helps to compare {a} with {b} to see what makes each one distinct.",
    "In most cases, the details depend on your specific situation and goals.",
    "Experts usually recommend keeping things simple at first.",
    "One common mistake is to overlook how much {b} matters.",
    "Looking at a few concrete examples of {a} can make the ideas clearer.",
    "Over time, small improvements to {a} tend to add up.",
    "It is worth checking reliable sources for the latest information on {a}.",
    "{A}, {b} and {c} are often discussed together for good reason.",
    "The most important thing is to be clear about what you want to achieve.",
    "Practice and patience make a real difference here.",
    "You can think of {a} as a set of trade-offs rather than a single right answer.",
    "Keeping notes on what works for you with {a} is a simple habit that pays off.",
]
_EN_CLOSERS = [
    "Let me know if you'd like more detail on any part of this.",
    "I hope this helps!",
    "Feel free to ask if you have more questions about {a}.",
    "If you share more about your goals, I can give more specific advice.",
    "Would you like me to go deeper into {b}?",
]
_KO_OPENERS = [
    "{a}에 대해 좋은 질문을 주셨네요.",
    "{a}에 대해 간단히 정리해 드릴게요.",
    "{a}{은는} 많은 분들이 관심을 가지는 주제입니다.",
    "좋은 질문이에요, {a}{은는} 자주 이야기되는 주제예요.",
    "{a}에 대해 함께 살펴보겠습니다.",
    "{a}에 관해서는 알아두면 좋은 점이 몇 가지 있습니다.",
    "물어봐 주셔서 감사합니다, {a}{은는} 흥미로운 주제입니다.",
    "{a}{을를} 이해하려면 전체적인 흐름을 먼저 보는 것이 좋습니다.",
    "네, {a}에 대해 설명해 드릴게요.",
    "{a}{은는} 생각보다 깊이 있는 주제입니다.",
]
_KO_BODY = [
    "기본부터 차근차근 시작하는 것이 가장 중요합니다.",
    "{a}{은는} 작은 부분으로 나누어 보면 훨씬 이해하기 쉽습니다.",
    "먼저 {a}{이가} 실제로 어떻게 쓰이는지 살펴보는 것이 좋습니다.",
    "{a}{와과} {b}{은는} 서로 밀접하게 관련되어 있습니다.",
    "대부분의 경우 구체적인 내용은 상황과 목표에 따라 달라집니다.",
    "처음에는 단순하게 접근하는 것을 추천합니다.",
    "{b}의 중요성을 놓치지 않는 것이 좋습니다.",
    "구체적인 예시를 보면 {a}{을를} 더 쉽게 이해할 수 있습니다.",
    "꾸준히 조금씩 개선하다 보면 큰 차이를 만들 수 있습니다.",
    "{a}에 대한 최신 정보는 신뢰할 수 있는 자료에서 확인해 보세요.",
    "{a}, {b}, {c}{은는} 함께 이야기되는 경우가 많습니다.",
    "무엇을 이루고 싶은지 분명히 하는 것이 가장 중요합니다.",
    "연습과 인내가 큰 도움이 됩니다.",
]
_KO_CLOSERS = [
    "더 궁금한 점이 있으시면 언제든지 물어보세요.",
    "도움이 되셨기를 바랍니다!",
    "{a}에 대해 더 자세히 알고 싶으시면 말씀해 주세요.",
    "목표를 조금 더 알려주시면 더 구체적으로 도와드릴게요.",
]
_EN_GREETINGS = [
    "Hello! How can I assist you today?",
    "Hi there! How can I help you today?",
    "Hello! What can I do for you today?",
    "Hi! How can I help you?",
    "Hey there! What can I help you with today?",
]
_KO_GREETINGS = [
    "안녕하세요! 무엇을 도와드릴까요?",
    "안녕하세요! 오늘 어떻게 도와드릴까요?",
    "반갑습니다! 궁금한 점이 있으시면 말씀해 주세요.",
    "안녕하세요! 도움이 필요하신 것이 있으면 편하게 말씀해 주세요.",
]
_DEFAULT_TOPICS = {
    "en": ["this topic", "the context", "the approach"],
    "ko": ["이 주제", "세부 사항", "상황"],
}


def _has_batchim(word: str) -> bool:
    """Whether ``word`` ends in a consonant sound, which picks the Korean particle's form."""
    last = word[-1] if word else "가"
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return last.lower() not in "aeiouy"  # a rough guess for Latin words like "Python"


# {a}{은는} -> 서울은 / 파리는: the particle's form follows the word it attaches to.
_PARTICLE_FORMS = {
    "은는": ("은", "는"),
    "이가": ("이", "가"),
    "을를": ("을", "를"),
    "와과": ("과", "와"),
}


_Slots = tuple[dict[str, str], tuple[bool, bool, bool]]


def _slots(topics: Sequence[str]) -> _Slots:
    """What a template's slots take: {a}, {b}, {c} (the topics, repeated when there are fewer)
    and {A} ({a} capitalised); and whether each of a, b, c ends in a consonant."""
    a, b, c = (list(topics) * 3)[:3]
    values = {"a": a, "b": b, "c": c, "A": a[:1].upper() + a[1:]}
    return values, (_has_batchim(a), _has_batchim(b), _has_batchim(c))


# A reply fills several templates with the same topics: the slots are worked out once, and a
# template's particles resolved once per consonant pattern (templates come from the banks
# above: a few dozen, times eight patterns).
@lru_cache(maxsize=512)
def _with_particles(template: str, consonants: tuple[bool, bool, bool]) -> str:
    for slot, consonant in zip("abc", consonants, strict=True):
        for pair, (after_consonant, after_vowel) in _PARTICLE_FORMS.items():
            particle = after_consonant if consonant else after_vowel
            template = template.replace(f"{{{slot}}}{{{pair}}}", f"{{{slot}}}{particle}")
    return template


def _fill_slots(template: str, slots: _Slots) -> str:
    values, consonants = slots
    if "}{" in template:  # a particle slot (no English template has one): pick its form
        template = _with_particles(template, consonants)
    return template.format_map(values)


def _fill(template: str, topics: Sequence[str]) -> str:
    return _fill_slots(template, _slots(topics))


# ---------------------------------------------------------------------------------------------
# Special prompt shapes.

# The runs of punctuation are possessive (``*+``): what follows each is a word or the end, so
# giving characters back never makes a match, and trying every split of a long run ("Hi!!!!
# ...x") cost time cubic in its length (0.7 s for a thousand "!").
_GREETING_RE = re.compile(
    r"^(hello|hi|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|hello there|hi there"
    r"|안녕|안녕하세요|안녕하십니까|반가워|반갑습니다)[\s!.,?~]*+(there|you|chatgpt|assistant)?"
    r"[\s!.,?~]*+(how are you( doing)?( today)?)?[\s!.?~]*+$",
    re.IGNORECASE,
)
# The grammar word is looked for ahead, and the line then read to its end once: the same match
# (the first ":" or line break after the request ends it), where a lazy scan tried the rest of
# the line after every grammar word of it, cubic in a long line without one.
_GRAMMAR_RE = re.compile(
    r"(?:correct|fix|check)\b(?=[^:\n]*?\b(?:grammar|spelling|english)\b)[^:\n]*+[:\n]"
    r"\s*(?P<text>.+)"
    r"|(?:문법|맞춤법)[^:\n]*+[:\n]\s*(?P<ko>.+)",
    re.IGNORECASE | re.DOTALL,
)
_SUMMARY_RE = re.compile(
    r"summari[sz]e (?:the |this )?(?:above|following|previous|text|passage|article)"
    r"|give (?:me )?a summary|tl;?dr|요약",
    re.IGNORECASE,
)
_TRANSLATE_RE = re.compile(r"translat|번역", re.IGNORECASE)
# "Say this is a test" (the API quickstart's prompt): the model just says it.
_SAY_RE = re.compile(r"^\s*say\s+[\"'“]?(?P<text>[^\n]+?)[\"'”]?\s*[.!]?\s*$", re.IGNORECASE)
_ARITHMETIC_RE = re.compile(
    r"^\s*(?:what(?: is|'s)|calculate|compute)?\s*(?P<a>-?\d+(?:\.\d+)?)\s*(?P<op>[-+*/x×])"
    r"\s*(?P<b>-?\d+(?:\.\d+)?)\s*=?\s*\??\s*$",
    re.IGNORECASE,
)


# Each match of the regexes above holds one of these, as ``_fold`` has it (spelt out: a chain
# of ``in`` costs half of ``any()`` over a generator).
def _grammar_hint(folded: str) -> bool:
    return (
        "grammar" in folded
        or "spelling" in folded
        or "english" in folded
        or "문법" in folded
        or "맞춤법" in folded
    )


def _summary_hint(folded: str) -> bool:
    return (
        "summari" in folded
        or "a summary" in folded
        or "tldr" in folded
        or "tl;dr" in folded
        or "요약" in folded
    )


def _translate_hint(folded: str) -> bool:
    return "translat" in folded or "번역" in folded


def is_greeting(prompt: str) -> bool:
    return bool(_GREETING_RE.match(prompt.strip()))


def fix_grammar(text: str) -> str:
    """Light, deterministic fixes: single spaces, "i" -> "I", capitalised, ends with a period."""
    fixed = " ".join(text.split())
    fixed = re.sub(r"\s+([,.!?;:])", r"\1", fixed)
    fixed = re.sub(r"\bi\b", "I", fixed)
    fixed = re.sub(r"([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), fixed)
    fixed = fixed.strip("\"'“”")
    if fixed:
        fixed = fixed[0].upper() + fixed[1:]
        if fixed[-1] not in ".!?。":
            fixed += "."
    return fixed


def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?。])\s+|\n+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def _say_reply(match: re.Match[str], index: int) -> str:
    variants = ["{t}", "Sure! {t}", "Of course. {t}", "Here you go: {t}"]
    return variants[index % len(variants)].format(t=fix_grammar(match.group("text")))


def _arithmetic_reply(match: re.Match[str], index: int) -> str | None:
    a, b, op = float(match.group("a")), float(match.group("b")), match.group("op").lower()
    if op == "/" and b == 0:
        return None
    value = {"+": a + b, "-": a - b, "/": a / (b or 1)}.get(op, a * b)
    shown = str(int(value)) if value == int(value) else f"{value:g}"
    question = f"{match.group('a')} {match.group('op')} {match.group('b')}"
    variants = ["{q} = {v}.", "{q} equals {v}.", "The answer is {v}.", "That's {v}."]
    return variants[index % len(variants)].format(q=question, v=shown)


def _grammar_reply(match: re.Match[str], index: int) -> str:
    fixed = fix_grammar(match.group("text") or match.group("ko") or "")
    variants = ["{t}", "Corrected: {t}", "Here is the corrected sentence: {t}", "{t} (corrected)"]
    return variants[index % len(variants)].format(t=fixed)


_SUMMARY_PREFIXES = {
    "en": ["", "In short: ", "Summary: ", "Briefly: ", "TL;DR: "],
    "ko": ["", "요약하면, ", "핵심만 정리하면, ", "간단히 말해, ", "한 줄 요약: "],
}


def _summary_source(prompt: str) -> list[str]:
    """The prompt's sentences without the instruction ("Summarize the following: X" keeps X)."""
    sentences: list[str] = []
    for sentence in split_sentences(prompt):
        if not _SUMMARY_RE.search(sentence):
            sentences.append(sentence)
        elif ":" in sentence and sentence.split(":", 1)[1].strip():
            sentences.append(sentence.split(":", 1)[1].strip())
    return sentences or ["..."]


def _summary_reply(prompt: str, language: str, seed: int, index: int) -> str:
    sentences = _summary_source(prompt)
    rng = derive(seed, "summary", prompt, index)
    keep = 2 if len(sentences) >= 4 and rng.random() < 0.5 else 1
    prefixes = _SUMMARY_PREFIXES.get(language, _SUMMARY_PREFIXES["en"])
    keep += index // len(prefixes)  # past the prefixes, later choices quote more
    return prefixes[index % len(prefixes)] + " ".join(sentences[:keep])


# A small Korean -> English lexicon, enough for the seed course's translation exercise.
_KO_PHRASES = {
    "감사합니다": "Thank you very much.",
    "고맙습니다": "Thank you.",
    "사랑해": "I love you.",
    "만나서 반갑습니다": "Nice to meet you.",
    "안녕하세요": "Hello.",
    "좋은 아침": "Good morning.",
    "미안합니다": "I am sorry.",
    "죄송합니다": "I am sorry.",
    # The seed course's translation exercise.
    "대한민국의 민주주의는 국민이 지킵니다": "The people protect democracy in South Korea.",
}
_KO_SUBJECTS = {
    "나": "I",
    "저": "I",
    "우리": "We",
    "그": "He",
    "그녀": "She",
    "너": "You",
    "당신": "You",
}
_KO_TIMES = {
    "오늘": "today",
    "내일": "tomorrow",
    "어제": "yesterday",
    "지금": "now",
    "주말": "on the weekend",
}
_KO_NOUNS = {
    "학교": "school", "회사": "work", "집": "home", "도서관": "the library",
    "공원": "the park", "영화": "a movie", "책": "a book", "사과": "an apple",
    "커피": "coffee", "물": "water", "밥": "a meal", "점심": "lunch", "저녁": "dinner",
    "아침": "breakfast", "친구": "my friend", "가족": "my family", "음악": "music",
    "영어": "English", "한국어": "Korean", "시장": "the market", "바다": "the sea",
    "산": "the mountain", "서울": "Seoul", "부산": "Busan", "여행": "a trip",
    "날씨": "the weather", "고양이": "a cat", "강아지": "a puppy", "차": "tea",
    "운동": "exercise",
}  # fmt: skip
# (stem, past, present, destination takes "to") in the order they are tested; conjugation
# fuses syllables ("마시" + "ㄴ다" = "마신다"), so common fused forms are listed too.
_KO_VERBS = tuple(
    (stem, past, present, bool(to))
    for stem, past, present, *to in (
        entry.split("=")
        for entry in """
갔=went=go=to
가=went=go=to
왔=came=come=to
먹=ate=eat
마셨=drank=drink
마시=drank=drink
마신=drank=drink
간=went=go=to
본=watched=watch
만난=met=meet
봤=watched=watch
보=watched=watch
읽=read=read
만났=met=meet
만나=met=meet
공부=studied=study
좋아=liked=like
사랑=loved=love
샀=bought=buy
사=bought=buy
들었=listened to=listen to
듣=listened to=listen to
했=did=do
하=did=do
""".strip().splitlines()
    )
)
# Both start where a run of spaces starts, never inside one (the first match cannot start there:
# one starting a space earlier would match too), so a long run is read once, not from each of
# its positions (0.2 s for 5,000 spaces or blank lines). The source's label line is the first
# one, blank lines aside, so looking for it from the start of its own line finds the same one.
_TARGET_LABEL_RE = re.compile(r"(?<!\s)\s*(?:영어|english|target|output|번역)\s*[:\uff1a]", re.I)
_KO_SOURCE_RE = re.compile(
    r"^[^\S\n]*(?:한국어|korean|원문|source|input)\s*[:\uff1a]\s*(.+)$", re.I | re.M
)


_BARE_LABEL_RE = re.compile(r"^\S+\s*[:\uff1a]\s*$")


def _translation_source(prompt: str) -> str:
    # "한국어 : ... 영어 :" on one line: the source ends where the target's label starts.
    return _TARGET_LABEL_RE.split(_labelled_source(prompt), maxsplit=1)[0].strip()


def _labelled_source(prompt: str) -> str:
    labelled = _KO_SOURCE_RE.search(prompt)
    if labelled:
        return labelled.group(1).strip()
    lines = [ln.strip() for ln in prompt.splitlines() if ln.strip()]
    text_after = True  # until a look finds no text after a request line, nor after later ones
    for i, line in enumerate(lines):
        if _TRANSLATE_RE.search(line):
            after = re.split(r"[:\uff1a]", line, maxsplit=1)
            if len(after) == 2 and after[1].strip():
                return after[1].strip().strip("\"'“”")
            if text_after:  # the first line after it that is not a bare label ("영어:")
                rest = next((ln for ln in lines[i + 1 :] if not _BARE_LABEL_RE.match(ln)), None)
                if rest is not None:
                    return rest.strip("\"'“”")
                text_after = False  # (looking again for each request line was quadratic)
    return lines[-1] if lines else ""


def _third_person(verb: str) -> str:
    head, *rest = verb.split()
    if head.endswith(("o", "h", "s")):
        head += "es"
    elif head.endswith("y") and head[-2:-1] not in ("a", "e", "o", "u"):
        head = head[:-1] + "ies"
    else:
        head += "s"
    return " ".join([head, *rest])


def _korean_to_english(source: str) -> str:
    compact = source.strip().rstrip(".!?")
    for phrase, english in _KO_PHRASES.items():
        if compact.startswith(phrase):
            return english
    words = _KO_WORD_RE.findall(source)
    stems = [_strip_particle(w) for w in words]
    if "날씨" in stems:
        when = next((_KO_TIMES[s] for s in stems if s in _KO_TIMES), "today")
        return f"The weather is nice {when}."
    subject = next((_KO_SUBJECTS[s] for s in stems[:2] if s in _KO_SUBJECTS), "I")
    when = next((_KO_TIMES[s] for s in stems if s in _KO_TIMES), "")
    noun = next((_KO_NOUNS[s] for s in stems if s in _KO_NOUNS), "")
    predicate = words[-1] if words else ""
    past = bool(re.search("[었았였갔왔했봤샀났]", predicate))
    verb, to = ("like", False)
    for stem, past_form, present, takes_to in _KO_VERBS:
        if stem in predicate:
            verb, to = (past_form if past else present), takes_to
            break
    else:
        verb = "liked" if past else "like"
    if not past and subject in ("He", "She"):
        verb = _third_person(verb)
    obj = noun or "it"
    if to and obj not in ("home", "work"):
        obj = f"to {obj}"
    return " ".join(p for p in (subject, verb, obj, when) if p) + "."


_EN_KO_WORDS = {
    "school": "학교", "home": "집", "friend": "친구", "movie": "영화", "book": "책",
    "coffee": "커피", "weather": "날씨", "music": "음악", "family": "가족", "tea": "차",
}  # fmt: skip


def _english_to_korean(source: str) -> str:
    words = [w.lower() for w in _EN_WORD_RE.findall(source)]
    if any(w in ("hello", "hi") for w in words):
        return "안녕하세요."
    if "thank" in words or "thanks" in words:
        return "감사합니다."
    nouns = [_EN_KO_WORDS[w] for w in words if w in _EN_KO_WORDS]
    if nouns:
        return _fill("저는 {a}{을를} 좋아합니다.", nouns)
    return "좋은 하루 보내세요."


def _translation_reply(prompt: str, index: int) -> str:
    lower = prompt.lower()
    source = _translation_source(prompt)
    to_korean = "한국어로" in prompt or "into korean" in lower or "to korean" in lower
    if detect_language(source) == "ko":
        text = _korean_to_english(source)
    elif to_korean:
        text = _english_to_korean(source)
    else:
        text = fix_grammar(source)  # already English: the best "translation" is a tidy copy
    variants = ["{t}", "Translation: {t}", "Here is the translation: {t}", "{t} (translated)"]
    return variants[index % len(variants)].format(t=text)


# ---------------------------------------------------------------------------------------------
# Replies.


def _greeting_reply(language: str, seed: int, index: int) -> str:
    bank = _KO_GREETINGS if language == "ko" else _EN_GREETINGS
    if index == 0:
        return bank[0]  # the reply the real model gives almost every time
    alternates = bank[1:]
    return alternates[(derive_int(seed, "greeting") + index - 1) % len(alternates)]


# The body sentences usable with 1, 2 or 3 topics ({b} needs two, {c} three), per language.
_USABLE_BODY = {
    (ko, n): [t for t in body if ("{b}" not in t or n >= 2) and ("{c}" not in t or n >= 3)]
    for ko, body in ((False, _EN_BODY), (True, _KO_BODY))
    for n in (1, 2, 3)
}


def _general_reply(seed: int, prompt: str, index: int, language: str, korean: bool) -> str:
    """``korean``: whether ``prompt`` itself is Korean (its topic words are read so)."""
    ko = language == "ko"
    openers, closers = (_KO_OPENERS, _KO_CLOSERS) if ko else (_EN_OPENERS, _EN_CLOSERS)
    topics = _salient_words(prompt, 3, korean) or _DEFAULT_TOPICS.get(
        language, _DEFAULT_TOPICS["en"]
    )
    rng = derive(seed, "reply", language, prompt, index)
    count = rng.randint(1, 6)
    # The opener rotates with the choice index, so n choices always start differently.
    base = derive_int(seed, "reply-opener", prompt)
    slots = _slots(topics)
    sentences = [_fill_slots(openers[(base + index) % len(openers)], slots)]
    usable = _USABLE_BODY[ko, min(len(topics), 3)]
    picks = rng.sample(usable, k=min(len(usable), max(0, count - 1 - (count >= 3))))
    sentences += [_fill_slots(t, slots) for t in picks]
    if count >= 3:
        sentences.append(_fill_slots(rng.choice(closers), slots))
    return " ".join(sentences)


def reply_text(seed: int, prompt: str, *, index: int = 0, language: str | None = None) -> str:
    """A deterministic, readable reply to ``prompt`` in its language (or ``language``).

    Greetings get a greeting; "Correct the grammar: ..." gets the text lightly fixed; a prompt
    asking for a summary gets its first sentence(s); a translation request gets a plausible
    sentence in the target language; "Say X" says X; "What is 2+2?" gets the sum. Anything
    else gets 1-6 template sentences mentioning the prompt's salient words. ``index`` (the
    choice index when n > 1) changes the text.
    """
    detected = detect_language(prompt)
    language = language or detected
    if is_greeting(prompt):
        return _greeting_reply(language, seed, index)
    # The case-blind searches below scan the whole prompt; a substring check on the folded
    # prompt rules most of them out first.
    folded = _fold(prompt)
    translate = _translate_hint(folded) and _TRANSLATE_RE.search(prompt) is not None
    grammar = _GRAMMAR_RE.search(prompt) if _grammar_hint(folded) else None
    if grammar and not translate:
        return _grammar_reply(grammar, index)
    if translate:
        return _translation_reply(prompt, index)
    say = _SAY_RE.match(prompt)
    if say:
        return _say_reply(say, index)
    arithmetic = _ARITHMETIC_RE.match(prompt)
    if arithmetic and (answer := _arithmetic_reply(arithmetic, index)):
        return answer
    if _summary_hint(folded) and _SUMMARY_RE.search(prompt.strip()):
        return _summary_reply(prompt, language, seed, index)
    return _general_reply(seed, prompt, index, language, detected == "ko")


# ---------------------------------------------------------------------------------------------
# Answers from tool results.

_LOCATION_KEYS = ("location", "city", "place", "name")
_TEMPERATURE_KEYS = ("temperature", "temp")
_CONDITION_KEYS = ("forecast", "description", "condition", "conditions", "weather", "summary")


def _scalar_text(value: Any, language: str) -> str:
    if isinstance(value, list):
        parts = [p for p in (_scalar_text(v, language) for v in value) if p]
        if language == "ko" or len(parts) < 2:
            return ", ".join(parts)
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_scalar_text(v, language)}" for k, v in value.items())
    if isinstance(value, bool):
        return ("예" if value else "아니요") if language == "ko" else ("yes" if value else "no")
    return "" if value is None else str(value)


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{name} "))
        else:
            flat[name] = value
    return flat


def _weather_sentence(data: dict[str, Any], language: str) -> str | None:
    lowered = {k.lower(): v for k, v in data.items()}
    temp = next((lowered[k] for k in _TEMPERATURE_KEYS if lowered.get(k) is not None), None)
    if temp is None:
        return None
    place = next((lowered[k] for k in _LOCATION_KEYS if lowered.get(k)), None)
    unit = lowered.get("unit") or lowered.get("units")
    reading = f"{temp} {unit}" if unit else str(temp)
    condition = next((lowered[k] for k in _CONDITION_KEYS if lowered.get(k)), None)
    if language == "ko":
        where = f"{place}의 " if place else ""
        cond = f", 날씨는 {_scalar_text(condition, language)}" if condition else ""
        return f"{where}현재 기온은 {reading}{cond}입니다."
    where = f" in {place}" if place else ""
    cond = f" and {_scalar_text(condition, language)}" if condition else ""
    return f"The current weather{where} is {reading}{cond}."


def _read_result(data: Any, language: str) -> str | None:
    """The sentence for a tool result read as JSON (an object or an array), else None."""
    if isinstance(data, dict) and data:
        weather = _weather_sentence(data, language)
        if weather:
            return weather
        pairs = [
            (key.replace("_", " "), _scalar_text(value, language))
            for key, value in _flatten(data).items()
        ][:6]
        pairs = [(k, v) for k, v in pairs if v]
        if pairs:
            if language == "ko":
                return "조회 결과 " + ", ".join(f"{k}: {v}" for k, v in pairs) + "입니다."
            listed = [f"{k} is {v}" for k, v in pairs]
            if len(listed) > 1:
                listed[-1] = "and " + listed[-1]
            return "Here is what I found: " + ", ".join(listed) + "."
    if isinstance(data, list) and data:
        items = _scalar_text(data[:5], language)
        if language == "ko":
            return f"{len(data)}개의 결과를 찾았습니다: {items}."
        return f"I found {len(data)} result{'s' if len(data) != 1 else ''}: {items}."
    return None


def _result_sentence(result: str, language: str) -> str:
    try:
        read = _read_result(json.loads(result), language)
    except (ValueError, TypeError, RecursionError):  # not JSON, or nested too deep to read
        read = None
    if read is not None:
        return read
    raw = " ".join(result.split())[:300]
    return f'도구 결과: "{raw}"' if language == "ko" else f'The tool returned: "{raw}".'


def answer_from_tool_results(seed: int, question: str, results: list[str]) -> str:
    """A text answer to ``question`` that reports ``results`` (tool outputs), in its language.

    JSON objects are read generically (weather-like ones become "The current weather in X is
    22 celsius and sunny."), arrays are listed, anything else is quoted.
    """
    language = detect_language(question)
    sentences = [_result_sentence(r, language) for r in results if r.strip()]
    if not sentences:
        sentences = ["도구에서 결과를 받지 못했습니다." if language == "ko" else
                     "The tool did not return any results."]  # fmt: skip
    closers = (
        ["더 필요한 것이 있으면 알려주세요."]
        if language == "ko"
        else ["Let me know if you need anything else.", "Is there anything else I can help with?"]
    )
    rng = derive(seed, "tool-answer", question, *results)
    if rng.random() < 0.5:
        sentences.append(rng.choice(closers))
    return " ".join(sentences)


# ---------------------------------------------------------------------------------------------
# Tokens, stops.


def apply_stop(text: str, stop: list[str]) -> tuple[str, bool]:
    """``text`` up to the earliest occurrence of any stop sequence, and whether one occurred."""
    cut = min((i for s in stop if s and (i := text.find(s)) >= 0), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)
