"""Deterministic reply text: readable sentences in the prompt's language, on the prompt's topic.

Every function here is pure: the same ``(seed, prompt, index)`` gives the same text in any
process, because all choices come from ``randomness.derive``. A few prompt shapes get
purpose-built replies (greetings, grammar fixes, summaries, translations); anything else gets
sentences from per-language templates with the prompt's salient words woven in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from ..randomness import derive, derive_int

# ---------------------------------------------------------------------------------------------
# Language and salient words.

_HANGUL_RE = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str:
    """``"ko"`` when Hangul makes up at least half of the letters of ``text``, else ``"en"``."""
    letters = len(_LETTER_RE.findall(text))
    hangul = len(_HANGUL_RE.findall(text))
    return "ko" if letters and hangul * 2 >= letters else "en"


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


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
    correct grammar summarize above text translate following sentence sentences english korean
    answer question questions current currently like search find look lookup won win wins
    made use used using""",
)
_KO_STOPWORDS = _wordset(
    """무엇 무엇인가요 뭐 뭔가요 어떻게 어떤 왜 언제 어디 누구 알려줘 알려주세요
    설명해줘 설명해 설명해주세요 해줘 해주세요 주세요 그리고 그런데 하지만 그래서
    또는 이 그 저 것 수 등 좀 정말 너무 아주 있나요 있어요 있습니다 합니다 해요
    입니다 인가요 대해 대해서 관해 관해서 대한 관한 다음 문장 번역 요약 영어
    한국어 안녕하세요""",
)
# Particles stripped from the end of a Hangul word, longest first.
_KO_PARTICLES = (
    "에서는", "에게서", "으로는", "이라는", "에서", "에게", "까지", "부터", "처럼", "보다", "으로",
    "이랑", "하고", "라는", "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도",
    "만", "랑",
)  # fmt: skip
# Predicate endings: a Hangul word ending so is a verb or adjective, not a topic noun.
_KO_PREDICATE_RE = re.compile(r"(요|다|까|죠|니|줘|세요|나요|래|자|어|아|지|해|고|며)$")
_EN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
_KO_WORD_RE = re.compile(r"[가-힣]+")


# Single-syllable particles that are also common noun endings (사과, 포도) need a longer stem.
_KO_AMBIGUOUS_PARTICLES = frozenset("과와도만로랑")


def _strip_particle(word: str) -> str:
    for particle in _KO_PARTICLES:
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


def _english_terms(text: str) -> list[tuple[int, str, bool]]:
    """(position, term, is proper noun) for each English word; runs of proper nouns are one
    term ("World Cup"). A capital at a sentence start says nothing, so it does not count."""
    sentence_starts = {m.start(1) for m in re.finditer(r"(?:^|[.!?:\n]\s*)(\w)", text)}
    terms: list[tuple[int, str, bool]] = []
    end = -2
    for m in _EN_WORD_RE.finditer(text):
        word = m.group(0)
        # Acronyms ("AI", "GPT") are names wherever they stand.
        acronym = len(word) >= 2 and word.isupper()
        proper = acronym or (word[0].isupper() and m.start() not in sentence_starts)
        if proper and terms and terms[-1][2] and text[end : m.start()] == " ":
            terms[-1] = (terms[-1][0], f"{terms[-1][1]} {word}", True)
        else:
            terms.append((m.start(), word, proper))
        end = m.end()
    return terms


def salient_words(text: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` topic words of ``text``, most salient first (proper nouns, long words).

    English words keep their case only when capitalised mid-sentence (likely proper nouns);
    Korean words lose their particles ("서울의" -> "서울") and predicates are skipped.
    """
    scored: list[tuple[float, int, str]] = []
    seen: set[str] = set()
    for start, word, proper in _english_terms(text):
        low = word.lower()
        if low in _EN_STOPWORDS or (len(low) < 3 and not proper) or low in seen:
            continue
        seen.add(low)
        scored.append((len(word) + (6 if proper else 0), start, word if proper else low))
    for m in _KO_WORD_RE.finditer(text):
        raw = m.group(0)
        word = _strip_particle(raw)
        if word == raw and _KO_PREDICATE_RE.search(raw):
            continue  # a verb or adjective ("어때요"), not a topic
        if word in _KO_STOPWORDS or len(word) < 2 or word in seen:
            continue
        seen.add(word)
        scored.append((len(word) * 2.0, m.start(), word))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [word for _, _, word in scored[:limit]]


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


def _fill(template: str, topics: Sequence[str]) -> str:
    a, b, c = (list(topics) * 3)[:3]
    if "}{" not in template:  # no particle slot (every English template): nothing to choose
        return template.format(a=a, b=b, c=c, A=a[:1].upper() + a[1:])
    for slot, word in (("a", a), ("b", b), ("c", c)):
        consonant = _has_batchim(word)
        for pair, (after_consonant, after_vowel) in _PARTICLE_FORMS.items():
            particle = after_consonant if consonant else after_vowel
            template = template.replace(f"{{{slot}}}{{{pair}}}", f"{{{slot}}}{particle}")
    return template.format(a=a, b=b, c=c, A=a[:1].upper() + a[1:])


# ---------------------------------------------------------------------------------------------
# Special prompt shapes.

_GREETING_RE = re.compile(
    r"^(hello|hi|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|hello there|hi there"
    r"|안녕|안녕하세요|안녕하십니까|반가워|반갑습니다)[\s!.,?~]*(there|you|chatgpt|assistant)?"
    r"[\s!.,?~]*(how are you( doing)?( today)?)?[\s!.?~]*$",
    re.IGNORECASE,
)
_GRAMMAR_RE = re.compile(
    r"(?:correct|fix|check)\b[^:\n]*?\b(?:grammar|spelling|english)\b[^:\n]*[:\n]\s*(?P<text>.+)"
    r"|(?:문법|맞춤법)[^:\n]*[:\n]\s*(?P<ko>.+)",
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
_TARGET_LABEL_RE = re.compile(r"\s*(?:영어|english|target|output|번역)\s*[:\uff1a]", re.I)
_KO_SOURCE_RE = re.compile(
    r"^\s*(?:한국어|korean|원문|source|input)\s*[:\uff1a]\s*(.+)$", re.I | re.M
)


def _translation_source(prompt: str) -> str:
    # "한국어 : ... 영어 :" on one line: the source ends where the target's label starts.
    return _TARGET_LABEL_RE.split(_labelled_source(prompt), maxsplit=1)[0].strip()


def _labelled_source(prompt: str) -> str:
    labelled = _KO_SOURCE_RE.search(prompt)
    if labelled:
        return labelled.group(1).strip()
    lines = [ln.strip() for ln in prompt.splitlines() if ln.strip()]
    for i, line in enumerate(lines):
        if _TRANSLATE_RE.search(line):
            after = re.split(r"[:\uff1a]", line, maxsplit=1)
            if len(after) == 2 and after[1].strip():
                return after[1].strip().strip("\"'“”")
            rest = [ln for ln in lines[i + 1 :] if not re.match(r"^\S+\s*[:\uff1a]\s*$", ln)]
            if rest:
                return rest[0].strip("\"'“”")
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


def _general_reply(seed: int, prompt: str, index: int, language: str) -> str:
    ko = language == "ko"
    openers, body, closers = (
        (_KO_OPENERS, _KO_BODY, _KO_CLOSERS) if ko else (_EN_OPENERS, _EN_BODY, _EN_CLOSERS)
    )
    topics = salient_words(prompt, 3) or _DEFAULT_TOPICS.get(language, _DEFAULT_TOPICS["en"])
    rng = derive(seed, "reply", language, prompt, index)
    count = rng.randint(1, 6)
    # The opener rotates with the choice index, so n choices always start differently.
    base = derive_int(seed, "reply-opener", prompt)
    sentences = [_fill(openers[(base + index) % len(openers)], topics)]
    usable = [t for t in body if "{b}" not in t or len(topics) >= 2]
    usable = [t for t in usable if "{c}" not in t or len(topics) >= 3]
    picks = rng.sample(usable, k=min(len(usable), max(0, count - 1 - (count >= 3))))
    sentences += [_fill(t, topics) for t in picks]
    if count >= 3:
        sentences.append(_fill(rng.choice(closers), topics))
    return " ".join(sentences)


def reply_text(seed: int, prompt: str, *, index: int = 0, language: str | None = None) -> str:
    """A deterministic, readable reply to ``prompt`` in its language (or ``language``).

    Greetings get a greeting; "Correct the grammar: ..." gets the text lightly fixed; a prompt
    asking for a summary gets its first sentence(s); a translation request gets a plausible
    sentence in the target language; "Say X" says X; "What is 2+2?" gets the sum. Anything
    else gets 1-6 template sentences mentioning the prompt's salient words. ``index`` (the
    choice index when n > 1) changes the text.
    """
    language = language or detect_language(prompt)
    if is_greeting(prompt):
        return _greeting_reply(language, seed, index)
    grammar = _GRAMMAR_RE.search(prompt)
    if grammar and not _TRANSLATE_RE.search(prompt):
        return _grammar_reply(grammar, index)
    if _TRANSLATE_RE.search(prompt):
        return _translation_reply(prompt, index)
    say = _SAY_RE.match(prompt)
    if say:
        return _say_reply(say, index)
    arithmetic = _ARITHMETIC_RE.match(prompt)
    if arithmetic and (answer := _arithmetic_reply(arithmetic, index)):
        return answer
    if _SUMMARY_RE.search(prompt.strip()):
        return _summary_reply(prompt, language, seed, index)
    return _general_reply(seed, prompt, index, language)


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


def _result_sentence(result: str, language: str) -> str:
    try:
        data = json.loads(result)
    except (ValueError, TypeError):
        data = None
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
