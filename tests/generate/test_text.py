from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.generate import text
from mockserver.generate.text import (
    answer_from_tool_results,
    apply_stop,
    detect_language,
    fix_grammar,
    reply_text,
    salient_words,
    split_sentences,
)

ENCODINGS = ["cl100k_base", "o200k_base"]
PROMPTS = [
    "Hello!",
    "Say this is a test",
    "What is 6 * 7?",
    "What are the health benefits of green tea?",
    "Explain how volcanoes form in Iceland.",
    "파이썬으로 웹 서버를 만드는 방법을 알려주세요",
    "Correct the grammar: she no went to the market",
    "Python is a language. It is popular. It is easy. It is free.\n\nSummarize the above text.",
    "다음 문장을 영어로 번역해줘.\n한국어 : 나는 오늘 학교에 갔다.\n영어 :",
]
MIXED_TEXT = st.text(
    alphabet=st.sampled_from(list("abc XYZ.,!?\n") + list("안녕하세요독도는우리땅") + ["é", "🙂"]),
    max_size=60,
)


# --- language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hello there", "en"),
        ("안녕하세요", "ko"),
        ("서울의 날씨는 어때요?", "ko"),
        ("Python 설치 방법을 알려주세요", "ko"),  # Hangul dominates the letters
        ("What does 안녕 mean in English?", "en"),
        ("12345 !!!", "en"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_salient_words_prefer_proper_nouns_and_strip_korean_particles() -> None:
    assert salient_words("What's the weather like in Boston today?")[0] == "Boston"
    assert "weather" in salient_words("What's the weather like in Boston today?")
    assert salient_words("서울의 날씨는 어때요?") == ["서울", "날씨"]
    assert len(salient_words("one two three four five six seven eight", 3)) <= 3


# --- replies -------------------------------------------------------------------------------


@pytest.mark.parametrize("prompt", ["Hello!", "HELLO!", "hello", "Hi there!", " hey "])
def test_english_greeting_gets_the_canonical_greeting(prompt: str) -> None:
    assert reply_text(1, prompt) == "Hello! How can I assist you today?"
    assert reply_text(987654, prompt) == "Hello! How can I assist you today?"


def test_korean_greeting_gets_a_korean_greeting() -> None:
    reply = reply_text(3, "안녕하세요")
    assert detect_language(reply) == "ko"
    assert reply.startswith("안녕하세요")


@pytest.mark.parametrize("prompt", PROMPTS)
def test_choices_differ_by_index(prompt: str) -> None:
    replies = [reply_text(42, prompt, index=i) for i in range(4)]
    assert len(set(replies)) == 4, replies


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**63), prompt=st.sampled_from(PROMPTS), index=st.integers(0, 5))
def test_reply_is_deterministic(seed: int, prompt: str, index: int) -> None:
    first = reply_text(seed, prompt, index=index)
    assert first == reply_text(seed, prompt, index=index)
    assert first.strip()


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**63))
def test_general_reply_is_on_topic_with_one_to_six_sentences(seed: int) -> None:
    prompt = "Can you explain how glaciers shape mountains in Norway?"
    reply = reply_text(seed, prompt)
    sentences = re.findall(r"[^.!?]+[.!?]", reply)
    assert 1 <= len(sentences) <= 6, reply
    assert any(word in reply.lower() for word in ("norway", "glaciers", "mountains")), reply
    assert "lorem" not in reply.lower()


def test_reply_lengths_vary_with_the_seed() -> None:
    prompt = "Tell me about the history of chess."
    counts = {len(split_sentences(reply_text(seed, prompt))) for seed in range(40)}
    assert min(counts) <= 2 and max(counts) >= 5, counts


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**63), index=st.integers(0, 3))
def test_korean_prompt_gets_korean_reply(seed: int, index: int) -> None:
    reply = reply_text(seed, "제주도 여행 일정을 추천해 주세요", index=index)
    assert detect_language(reply) == "ko", reply
    assert "제주" in reply or "여행" in reply or "일정" in reply


def test_language_override() -> None:
    assert detect_language(reply_text(5, "Tell me about chess openings", language="ko")) == "ko"


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Say this is a test", "This is a test."),
        ("What is 2+2?", "2 + 2 = 4."),
        ("what's 10 / 4", "10 / 4 = 2.5."),
        ("Hello, how are you?", "Hello! How can I assist you today?"),
    ],
)
def test_prompts_with_a_known_answer(prompt: str, expected: str) -> None:
    assert reply_text(8, prompt) == expected


def test_runs_of_proper_nouns_are_one_topic() -> None:
    assert salient_words("Tell me about New York City and the Eiffel Tower") == [
        "New York City",
        "Eiffel Tower",
    ]
    assert "World Cup" in reply_text(3, "Who won the World Cup in 2018?")


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Correct the grammar: she  no went to the market", "She no went to the market."),
        ("Correct this to standard English:\n\ni  goes to school .", "I goes to school."),
        ("Please fix the grammar: hello world!", "Hello world!"),
    ],
)
def test_grammar_prompt_returns_lightly_fixed_text(prompt: str, expected: str) -> None:
    assert reply_text(11, prompt) == expected


@settings(max_examples=50, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("abc xyz,.!?")), min_size=1, max_size=40))
def test_fix_grammar_properties(text: str) -> None:
    fixed = fix_grammar(text)
    if not text.strip(" \"'"):
        return
    assert "  " not in fixed
    assert fixed[-1] in ".!?"
    assert not fixed[0].islower()
    assert fix_grammar(fixed) == fixed  # idempotent


def test_summary_is_shorter_and_built_from_the_first_sentence() -> None:
    source = (
        "The Amazon rainforest covers much of South America. It is home to millions of species. "
        "Deforestation threatens its future. Scientists monitor it by satellite."
    )
    for seed in range(10):
        reply = reply_text(seed, f"{source}\n\nSummarize the above text.")
        assert len(reply) < len(source)
        assert "The Amazon rainforest covers much of South America." in reply
        assert "Summarize" not in reply


def test_korean_summary() -> None:
    prompt = (
        "인공지능은 빠르게 발전하고 있다. 많은 산업이 변화하고 있다. "
        "교육도 달라지고 있다.\n위 글을 요약해줘."
    )
    reply = reply_text(2, prompt)
    assert "인공지능은 빠르게 발전하고 있다." in reply
    assert "요약해줘" not in reply
    assert len(reply) < len(prompt)


def test_translation_into_english() -> None:
    prompt = "다음 문장을 영어로 번역해줘.\n한국어 : 나는 오늘 학교에 갔다.\n영어 :"
    assert reply_text(0, prompt) == "I went to school today."
    reply = reply_text(9, "Translate into English: 그녀는 커피를 마신다")
    assert detect_language(reply) == "en"
    assert reply == "She drinks coffee."


def test_translation_into_korean() -> None:
    reply = reply_text(0, "Translate to Korean: I like coffee")
    assert detect_language(reply) == "ko"
    assert "커피" in reply


# --- answers from tool results -------------------------------------------------------------


def test_weather_result_is_quoted() -> None:
    result = json.dumps(
        {"location": "Boston, MA", "temperature": "22", "unit": "celsius", "forecast": ["sunny"]}
    )
    answer = answer_from_tool_results(1, "What's the weather like in Boston today?", [result])
    assert answer.startswith("The current weather in Boston, MA is 22 celsius and sunny.")


def test_korean_question_gets_korean_answer_with_the_values() -> None:
    result = json.dumps({"location": "Seoul, South Korea", "temperature": 18, "unit": "celsius"})
    answer = answer_from_tool_results(4, "서울 날씨 어때?", [result])
    assert detect_language(answer) == "ko" or "기온" in answer
    assert "Seoul, South Korea" in answer and "18 celsius" in answer


def test_generic_and_raw_results() -> None:
    answer = answer_from_tool_results(
        0,
        "Look up the order",
        ['{"order_id": "A17", "status": "shipped", "items": {"count": 3}}', "no json here"],
    )
    assert "order id is A17" in answer
    assert "status is shipped" in answer
    assert "items count is 3" in answer
    assert '"no json here"' in answer


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**63), value=st.text(min_size=1, max_size=20))
def test_tool_answer_mentions_every_scalar_value(seed: int, value: str) -> None:
    value = " ".join(value.split()) or "x"
    answer = answer_from_tool_results(seed, "what is it?", [json.dumps({"answer": value})])
    assert value in answer
    assert answer == answer_from_tool_results(seed, "what is it?", [json.dumps({"answer": value})])


# --- stops ----------------------------------------------------------------------


def test_apply_stop_examples() -> None:
    assert apply_stop("one two END three STOP", ["STOP", "END"]) == ("one two ", True)
    assert apply_stop("nothing to see", ["zzz"]) == ("nothing to see", False)
    assert apply_stop("abc", []) == ("abc", False)
    assert apply_stop("abc", [""]) == ("abc", False)


@settings(max_examples=50, deadline=None)
@given(text=st.text(alphabet="abc\n", max_size=30), stop=st.lists(st.text("abc\n", min_size=1)))
def test_apply_stop_properties(text: str, stop: list[str]) -> None:
    cut, found = apply_stop(text, stop)
    assert text.startswith(cut)
    assert found == any(s in text for s in stop)
    assert not any(s in cut for s in stop)
    if found:
        assert any(text[len(cut) :].startswith(s) for s in stop)


def test_seed_translation_prompt_translates_the_labelled_sentence() -> None:
    prompt = " 한국어를 영어로 번역합니다. 한국어 : 대한민국의 민주주의는 국민이 지킵니다. 영어 : "
    assert text._translation_source(prompt) == "대한민국의 민주주의는 국민이 지킵니다."
    assert text.reply_text(0, prompt) == "The people protect democracy in South Korea."


def test_acronyms_are_topic_words_even_against_korean_particles() -> None:
    assert text.salient_words("AI가 무엇인가요??") == ["AI"]
    assert text.salient_words("What is an API?") == ["API"]
    assert "AI" in text.reply_text(3, "AI가 무엇인가요??")


# --- topics ---------------------------------------------------------------------------------

# (prompt, the topic a reader would pick; None: the prompt names none). The topic is the first
# of ``salient_words`` and the word the reply's opening sentence is about.
TOPICS = [
    # Requests to write something: the object of "about"/"on", not the length or the genre.
    ("Write a short poem about the sea", "sea"),
    ("Write a short poem about the sea.", "sea"),
    ("Write a brief essay on climate change", "climate change"),
    ("Compose a haiku about autumn leaves", "autumn leaves"),
    ("Tell me a funny story about a cat", "cat"),
    ("Write a long story about a knight and a dragon", "knight"),
    ("Write a short story", "story"),
    ("Tell me a joke", "joke"),
    # Stories: the opening formula is no topic.
    ("Once upon a time", None),
    ("Once upon a time, there was a dragon who loved gold.", "dragon"),
    # Questions.
    ("Tell me about the history of chess.", "chess"),
    ("What are the health benefits of green tea?", "green tea"),
    ("Explain how volcanoes form in Iceland.", "volcanoes"),
    ("Can you explain how glaciers shape mountains in Norway?", "glaciers"),
    ("Why is the sky blue?", "sky"),
    ("How does photosynthesis work?", "photosynthesis"),
    ("What is machine learning?", "machine learning"),
    ("Who was Napoleon Bonaparte?", "Napoleon Bonaparte"),
    ("How do I bake bread?", "bread"),
    ("What should I cook for dinner tonight?", "dinner"),
    ("Can you help me understand recursion?", "recursion"),
    ("Tell me something interesting about space", "space"),
    ("Let's talk about the ocean", "ocean"),
    ("What do you think about artificial intelligence?", "artificial intelligence"),
    ("Can you recommend some good books on Korean history?", "Korean history"),
    # Instructions.
    ("Give me 5 tips for better sleep", "sleep"),
    ("List three interesting facts about octopuses", "octopuses"),
    ("Explain quantum computing in simple terms", "quantum computing"),
    ("Please describe the water cycle", "water cycle"),
    ("Explain the difference between TCP and UDP", "TCP"),
    ("Give me a quick summary of the French Revolution", "French Revolution"),
    ("I want to learn Spanish", "Spanish"),
    # The seed course's prompts.
    ("What's the weather like in Boston today?", "Boston"),
    ("인공지능에 대해 알려주세요", "인공지능"),
    ("AI가 무엇인가요??", "AI"),
    ("지도학습은 무엇인가요?", "지도학습"),
    ("지도 학습에 대해 예제 코드를 만들어 주세요", "지도 학습"),
    # Korean: the object of 에 대해/에 관한, the subject of 무엇/뭐, nouns over predicates.
    ("머신러닝에 대해 설명해줘", "머신러닝"),
    ("바다에 대한 짧은 시를 써줘", "바다"),
    ("고양이에 관한 시를 써 줘", "고양이"),
    ("체스의 역사에 대해 알려줘", "체스"),
    ("블록체인이 뭐야?", "블록체인"),
    ("파이썬의 장점은 무엇인가요?", "파이썬"),
    ("딥러닝과 머신러닝의 차이를 설명해 주세요", "딥러닝"),
    ("서울의 날씨는 어때요?", "서울"),
    ("오늘 날씨 어때?", "날씨"),
    ("제주도 여행 일정을 추천해 주세요", "제주도 여행 일정"),
    ("좋은 책을 추천해 주세요", "책"),
    ("재미있는 이야기를 들려줘", "이야기"),
    ("스트레스를 줄이는 방법을 알려주세요", "스트레스"),
    ("Python 설치 방법을 알려주세요", "Python 설치"),
]


@pytest.mark.parametrize(("prompt", "topic"), TOPICS)
def test_the_topic_is_the_word_a_reader_would_pick(prompt: str, topic: str | None) -> None:
    words = salient_words(prompt)
    assert (words[0] if words else None) == topic, words


def test_the_reply_opens_on_the_topic() -> None:
    assert "sea" in reply_text(0, "Write a short poem about the sea").split(".")[0]
    assert "short" not in reply_text(0, "Write a short poem about the sea")
    assert "upon" not in reply_text(0, "Once upon a time")
    assert "머신러닝" in reply_text(0, "머신러닝에 대해 설명해줘").split(".")[0]


# --- every output, pinned over a corpus ------------------------------------------------------

# Prompts of every shape (questions, requests, Korean, mixed, greetings, translations,
# summaries, arithmetic, "say", grammar fixes, odd characters), built deterministically.
_PIN_EN = [
    "What is {t}? Answer for reader {n}.",
    "Explain how {t} work, step by step.",
    "Write a short poem about {t}",
    "Tell me about the history of {t}.",
    "How does {t} affect us? I'm reader {n}!",
    "Can you recommend some good books on {t}?",
    "{t}",
    "WHAT'S {t}?? In short, please.",
    "Translate into Korean: I like {t}",
    "Correct the grammar: i likes {t} .",
    "Say {t}",
    "{t}. It is old. It is known. It is big.\n\nSummarize the above text.",
    "Give me {n} tips for {t}",
    "Why is {t} important? Explain like I'm five.",
    "Who invented {t}, and when?",
    "I bake {t} every day. What should I try next?",
    "Hello! Tell me a joke about {t}",
    "Let's talk about {t} and {t}",
    "Can {t} fly? Kill the process. An essay on {t}",
    "What's the weather like in {t} today?",
]
_PIN_KO = [
    "{t}은 무엇인가요? 독자 {n}번을 위한 답변을 주세요.",
    "{t}에 대해 설명해줘",
    "{t}를 만드는 방법을 알려주세요 ({n})",
    "{t}의 역사에 대해 알려줘! {u}는 정말 좋아요.",
    "{t}와 {u}의 차이를 설명해 주세요",
    "다음 문장을 영어로 번역해줘.\n한국어 : 나는 {t}에 갔다.\n영어 :",
    "{t} 요약해줘",
    "Python {t} 설치 방법을 알려주세요",
    "{t}가 뭐야?",
    "{t}에 관한 시를 써 줘",
    "재미있는 {t} 이야기를 들려줘",
    "{t}란? {u}이란?",
    "5가지 {t} 팁, 2024년",
    "What is {t}? {u}에 대해 알려줘",
]
_PIN_EN_TOPICS = [
    "supervised learning", "volcanoes", "the French Revolution", "green tea", "New York City",
    "GPT-4", "AI", "black holes", "a cat", "climate change", "Kind of magic", "ſtep by ſtep",
    "the benefits of sleep", "Mount Everest", "writing a resume", "TCP and UDP", "jazz",
    "rock'n'roll", "Napoleon Bonaparte", "2+2",
]  # fmt: skip
_PIN_KO_TOPICS = [
    "지도학습", "머신러닝", "제주도 여행", "고양이", "파이썬", "독도", "AI", "블록체인",
    "체스", "서울", "사과", "정도",
]  # fmt: skip
_PIN_ODD = [
    "", " ", "\n\n", "?!", "12345 !!!", "🙂", "ㅋㅋㅋ", "\u3130\u318f", "İn short", "Hello!",
    "안녕하세요", "What is 6 * 7?", "what's 10 / 4", "Say this is a test", *PROMPTS,
    *(prompt for prompt, _ in TOPICS), "꽃은 예뻐요. 밤은 길어요! 책은 좋아요", "tl;dr: it rained",
    "TL;DR the cat sat. The dog ran.", "Give me a summary: sun. rain.", "번역: 사랑해",
    "Check the spelling: teh cat", "문법 고쳐줘: 나 학교 갔다", "İf you can, fıx the grammar: i go",
    *(
        f"Tell me about whales {idiom}, and chess {idiom.upper()}"
        for idiom in (
            "once upon a time", "step by step", "in great detail", "in more detail", "in detail",
            "in simple terms", "in plain English", "in a nutshell", "in short", "for example",
            "for instance", "of course", "at least", "a lot", "a bit", "a little", "right now",
            "these days", "in general", "as well", "in other words", "kind of", "sort of",
            "like I'm five", "like im five", "like I am five", "for beginners", "for a beginner",
            "for kids", "ſtep by ſtep", "İn short",
        )
    ),
]  # fmt: skip
_PIN_RESULTS = [
    '{"location": "Boston, MA", "temperature": "22", "unit": "celsius", "forecast": ["sunny"]}',
    '{"order_id": "A17", "status": "shipped", "items": {"count": 3}}',
    '["a", "b", 3, true, null]',
    "no json here",
]
# sha256 of the outputs over the corpus, as the code gave them when pinned. A change here means
# some reply changed: keep it only if meant (and say so), else it is a regression.
_PINNED = {
    "detect_language": "03b6e593b4f1a1d11dde1d67a70bd4d379eb3ecb43fbda103143de06e74fb5c7",
    "salient_words": "9ca2d66700d8689a7ee6c4c431d0aebe13bfdffad0803c26d01cf514ee421521",
    "reply_text": "6810cd5d56f70648f2ebc0c0675a06f033bfcf5608e491721569069e5f692023",
    "answer_from_tool_results": "5ea37f4b0bece2a7621ccd09006a157723102498f698f5c1850ed13fbf539fab",
}


def _pin_corpus() -> list[str]:
    prompts = [
        template.format(t=topic, n=n)
        for n, (template, topic) in enumerate(
            (template, topic) for template in _PIN_EN for topic in _PIN_EN_TOPICS
        )
    ]
    prompts += [
        template.format(t=topic, u=_PIN_KO_TOPICS[n % 5], n=n)
        for n, (template, topic) in enumerate(
            (template, topic) for template in _PIN_KO for topic in _PIN_KO_TOPICS
        )
    ]
    prompts += [f"{a} {b}" for a, b in zip(prompts[::7], prompts[3::11], strict=False)]
    return prompts + _PIN_ODD


def _pin_digests() -> dict[str, str]:
    outputs: dict[str, list[Any]] = {name: [] for name in _PINNED}
    for n, prompt in enumerate(_pin_corpus()):
        outputs["detect_language"].append(detect_language(prompt))
        outputs["salient_words"].append([salient_words(prompt, k) for k in (1, 3, 5)])
        outputs["reply_text"].append(
            [
                reply_text(n, prompt, index=n % 4),
                reply_text(7, prompt, index=1, language="ko"),
                reply_text(2**40 + n, prompt, language="en"),
            ]
        )
        results = [_PIN_RESULTS[n % 4], _PIN_RESULTS[(n + 1) % 4]][: n % 3]
        outputs["answer_from_tool_results"].append(answer_from_tool_results(n, prompt, results))
    return {
        name: hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()
        for name, values in outputs.items()
    }


def test_outputs_over_a_corpus_are_pinned() -> None:
    assert len(_pin_corpus()) > 600
    assert _pin_digests() == _PINNED


# --- English terms ----------------------------------------------------------------------------

# Where a sentence starts, as the pattern says it (a term's capital says nothing there).
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:\n]\s*)(\w)")
_GAPS = st.lists(
    st.sampled_from(
        [*".!?:,;'-_5é \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000", "Ab", "AB", "x", "the"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(_GAPS, MIXED_TEXT, st.text(max_size=40)))
def test_a_term_opens_a_sentence_where_the_pattern_finds_one(value: str) -> None:
    starts = {m.start(1) for m in _SENTENCE_START_RE.finditer(value)}
    terms = text._english_terms(value)
    assert [t.sentence_start for t in terms] == [t.start in starts for t in terms]
    assert all(value.startswith(t.text.split()[0], t.start) for t in terms)  # offsets add up


# --- linear-time patterns -------------------------------------------------------------------

# Each pattern as first written (backtracking freely; quadratic or worse on long runs), with
# how the code uses it: the faster form must answer the same on every text.
_GREETING_PLAIN = re.compile(
    r"^(hello|hi|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|hello there|hi there"
    r"|안녕|안녕하세요|안녕하십니까|반가워|반갑습니다)[\s!.,?~]*(there|you|chatgpt|assistant)?"
    r"[\s!.,?~]*(how are you( doing)?( today)?)?[\s!.?~]*$",
    re.IGNORECASE,
)
_GRAMMAR_PLAIN = re.compile(
    r"(?:correct|fix|check)\b[^:\n]*?\b(?:grammar|spelling|english)\b[^:\n]*[:\n]\s*(?P<text>.+)"
    r"|(?:문법|맞춤법)[^:\n]*[:\n]\s*(?P<ko>.+)",
    re.IGNORECASE | re.DOTALL,
)
_TARGET_LABEL_PLAIN = re.compile(r"\s*(?:영어|english|target|output|번역)\s*[:\uff1a]", re.I)
_KO_SOURCE_PLAIN = re.compile(
    r"^\s*(?:한국어|korean|원문|source|input)\s*[:\uff1a]\s*(.+)$", re.I | re.M
)


def _pieces(*words: str) -> st.SearchStrategy[str]:
    spaces = [" ", "  ", "\n", "\n\n", "\t", "\r", "\xa0", "\x85", "\u2028"]
    marks = ["!", ".", ",", "?", "~", ":", "\uff1a", "x", "é", "K", "ſ", "İ"]
    return st.lists(st.sampled_from([*words, *spaces, *marks]), max_size=12).map("".join)


# A greeting word first: the greeting pattern is anchored there.
_GREETINGS = st.tuples(
    st.sampled_from(
        ["hello", "Hi", "hiya", "hey", "good morning", "hello there", "안녕", "반가워"]
    ),
    _pieces("there", "you", "chatgpt", "how are you", " doing", " today", "hi"),
).map("".join)
_GRAMMAR_TEXTS = _pieces("correct", "fix", "check", "grammar", "Spelling", "english", "the", "문법")
_LABELS = _pieces(
    "영어", "English", "target", "output", "번역", "한국어", "korean", "원문", "source"
)


def _found(match: re.Match[str] | None) -> tuple[Any, ...] | None:
    return None if match is None else (match.span(), match.groups())


@settings(max_examples=1000, deadline=None)
@given(value=_GREETINGS | st.text(max_size=20))
def test_the_linear_greeting_pattern_matches_as_the_backtracking_one(value: str) -> None:
    assert _found(text._GREETING_RE.match(value)) == _found(_GREETING_PLAIN.match(value))


@settings(max_examples=1000, deadline=None)
@given(value=_GRAMMAR_TEXTS | st.text(max_size=20))
def test_the_linear_grammar_pattern_matches_as_the_backtracking_one(value: str) -> None:
    assert _found(text._GRAMMAR_RE.search(value)) == _found(_GRAMMAR_PLAIN.search(value))


@settings(max_examples=1000, deadline=None)
@given(value=_LABELS | st.text(max_size=20))
def test_the_linear_translation_patterns_match_as_the_backtracking_ones(value: str) -> None:
    target = text._TARGET_LABEL_RE.split(value, maxsplit=1)
    assert target == _TARGET_LABEL_PLAIN.split(value, maxsplit=1)
    # Only the source itself is read: the match may start a blank line later.
    source, plain = text._KO_SOURCE_RE.search(value), _KO_SOURCE_PLAIN.search(value)
    assert (source and source.group(1)) == (plain and plain.group(1))


@pytest.mark.parametrize(
    ("prompt", "source"),
    [
        ('Translate:\n영어:\n"나는 학교에 갔다"', "나는 학교에 갔다"),  # bare labels skipped
        ("translate:\ntranslate:\n영어:\nI like tea\n", "I like tea"),
        ("Translate this\n\nsource text: hi", "source text: hi"),
        ("번역해줘\n번역:\n", "번역:"),  # no text after any request line: the last line
        ("translate:\n" * 3000 + "tea", "tea"),  # (each request line once, not quadratic)
    ],
)
def test_the_translation_source_is_the_first_text_after_the_request(
    prompt: str, source: str
) -> None:
    assert text._labelled_source(prompt) == source


def test_a_long_chain_of_relations_is_followed_to_its_end() -> None:
    # Followed by a recursion on main: 1,500 links ran out of stack (a 500 for the request).
    prompt = "Tell me about " + "the history of " * 1500 + "chess"
    assert salient_words(prompt)[:1] == ["chess"]
    assert "chess" in reply_text(0, prompt)


@pytest.mark.parametrize("depth", [500, 100_000])
def test_a_tool_result_nested_too_deep_to_read_is_quoted(depth: int) -> None:
    # Read by recursion: on main, 500 nested lists raised RecursionError (a 500).
    result = "[" * depth + "]" * depth
    assert answer_from_tool_results(0, "q", [result]).startswith('The tool returned: "[[[')
