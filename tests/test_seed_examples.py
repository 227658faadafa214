"""Every code example of the seed course notes, run unchanged as a user runs it: a separate
Python process whose only link to the mock is the environment `mockserver env` exports."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver import Settings, create_app
from mockserver.testing.server import ServerThread
from mockserver.tokens import populate_tiktoken_cache

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_38190c74cf3b94af.txt"
SEED_PATH = Path(os.environ.get("OPENAI_SEED_DOC", SEED))

# The seed's Python blocks, in order, by what they teach.
NAMES = [
    "assistants_requests",
    "chat_create",
    "chat_image_url",
    "chat_stream",
    "chat_tools",
    "completion_question",
    "completion_summary",
    "completion_translation",
    "chat_korean_system",
    "chat_conversation",
    "chat_grammar",
    "image_generate",
    "image_edit",
    "image_variation",
    "tokenizer",
    "tokenizer_korean",
    "embeddings_faiss",
]
# The one block that names the real API's URL itself (requests, not the SDK): it runs with that
# URL pointed at the mock, nothing else changed.
REAL_URL = "https://api.openai.com/v1"
# Three blocks do `import openai` and then call the bare name `OpenAI(...)`: a NameError against
# any server, the real one included. They run with that one import added, nothing else.
MISSING_IMPORT = {"chat_korean_system", "chat_conversation", "chat_grammar"}
# The image blocks use the OPENAI_API_KEY the notes' earlier blocks assign, as in a notebook:
# they run after that assignment, as the notes write it, and nothing else.
KEY_FROM_EARLIER_BLOCK = {"image_generate", "image_edit", "image_variation"}
EARLIER_KEY = 'OPENAI_API_KEY = "YOUR_API_KEY"\n'

pytestmark = [
    pytest.mark.socket,
    pytest.mark.skipif(not SEED_PATH.is_file(), reason=f"seed document not found at {SEED_PATH}"),
]


def seed_examples() -> dict[str, str]:
    blocks = re.findall(r"```(\w+)\n(.*?)```", SEED_PATH.read_text(encoding="utf-8"), re.S)
    python = [code for lang, code in blocks if lang.lower() == "python"]
    assert len(python) == len(NAMES), "the seed's Python blocks changed"
    return dict(zip(NAMES, python, strict=True))


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    with ServerThread(create_app(Settings(seed=0))) as server:
        yield server.url + "/v1"


@pytest.fixture(scope="module")
def user_env(served: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    cache = populate_tiktoken_cache(tmp_path_factory.mktemp("tiktoken"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    # What `eval "$(python -m mockserver env)"` sets, and a dead proxy: no network.
    env.update(
        OPENAI_BASE_URL=served,
        OPENAI_API_KEY="sk-mock",
        TIKTOKEN_CACHE_DIR=str(cache),
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def run(code: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    script = cwd / "example.py"
    script.write_text(code, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def run_example(name: str, env: dict[str, str], cwd: Path) -> str:
    code = seed_examples()[name]
    if name in MISSING_IMPORT:
        code = "from openai import OpenAI\n" + code
    if name in KEY_FROM_EARLIER_BLOCK:
        code = EARLIER_KEY + code
    result = run(code, env, cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_seed_has_the_blocks_we_expect() -> None:
    examples = seed_examples()
    assert "What's the weather like in Boston today?" in examples["chat_tools"]
    assert 'model="text-embedding-3-sm"' in examples["embeddings_faiss"]
    for name in MISSING_IMPORT:
        assert (
            "import openai" in examples[name] and "from openai import OpenAI" not in examples[name]
        )


def test_chat_create(user_env: dict[str, str], tmp_path: Path) -> None:
    out = run_example("chat_create", user_env, tmp_path)
    assert out.startswith("ChatCompletionMessage(content='") and "role='assistant'" in out


def test_chat_image_url_is_never_fetched(user_env: dict[str, str], tmp_path: Path) -> None:
    out = run_example("chat_image_url", user_env, tmp_path)
    assert out.startswith("Choice(finish_reason='stop', index=0, logprobs=None, message=")


def test_chat_stream_prints_deltas(user_env: dict[str, str], tmp_path: Path) -> None:
    from openai.types.chat.chat_completion_chunk import ChoiceDelta

    # The installed SDK's repr of the deltas the notes print (newer SDKs add fields).
    first = str(ChoiceDelta(content="", role="assistant"))
    last = str(ChoiceDelta())
    lines = run_example("chat_stream", user_env, tmp_path).splitlines()
    assert lines[0] == first
    assert lines[-1] == last
    assert len(lines) > 3
    assert all("role=None" in line and "content='" in line for line in lines[1:-1])


def test_chat_tools_calls_the_weather_for_boston(user_env: dict[str, str], tmp_path: Path) -> None:
    out = run_example("chat_tools", user_env, tmp_path)
    assert "finish_reason='tool_calls'" in out
    assert "Function(arguments='{\"location\":\"Boston, MA\"}', name='get_current_weather')" in out
    assert re.search(r"id='call_[A-Za-z0-9]{24}'", out)
    # The usage the notes print for this request, to the token.
    assert "CompletionUsage(completion_tokens=18, prompt_tokens=80, total_tokens=98," in out


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("completion_question", "응답 텍스트:"),
        ("completion_summary", "요약 텍스트:"),
        ("completion_translation", "번역 텍스트:"),
    ],
)
def test_legacy_completions(
    user_env: dict[str, str], tmp_path: Path, name: str, label: str
) -> None:
    out = run_example(name, user_env, tmp_path)
    assert out.startswith(label + " ") and len(out.strip()) > len(label) + 3


def test_korean_system_prompt_gets_korean(user_env: dict[str, str], tmp_path: Path) -> None:
    out = run_example("chat_korean_system", user_env, tmp_path)
    assert out.startswith("Assistant Response:\nChatCompletionMessage(content='")
    assert re.search(r"[가-힣]", out)


def test_two_question_conversation(user_env: dict[str, str], tmp_path: Path) -> None:
    out = run_example("chat_conversation", user_env, tmp_path)
    first, _, second = out.partition("Assistant Response:\n")
    assert re.search(r"[가-힣]", first) and re.search(r"[가-힣]", second)


def test_grammar_correction(user_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sample.txt").write_text(
        "i has a apple and she go to school yesterday", encoding="utf-8"
    )
    out = run_example("chat_grammar", user_env, tmp_path)
    assert out.startswith("Original Text:\n i has a apple")
    assert len(out.splitlines()) >= 3


def test_tokenizer_lessons(user_env: dict[str, str], tmp_path: Path) -> None:
    examples = seed_examples()
    code = examples["tokenizer"] + "\n" + examples["tokenizer_korean"]
    result = run(code, user_env, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == ["2", "[15571, 29084]", "Good Morning", "[b'Good', b' Morning']"]
    assert lines[4] == "10" and lines[6] == "독도는 우리땅"


def test_embeddings_faiss_as_written_is_the_real_404(
    user_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(seed_examples()["embeddings_faiss"], user_env, tmp_path)
    assert result.returncode != 0
    assert "openai.NotFoundError: Error code: 404" in result.stderr
    assert "The model `text-embedding-3-sm` does not exist or you do not have access to it." in (
        result.stderr
    )


def test_embeddings_faiss_with_the_model_fixed(user_env: dict[str, str], tmp_path: Path) -> None:
    code = seed_examples()["embeddings_faiss"].replace(
        '"text-embedding-3-sm"', '"text-embedding-3-small"'
    )
    result = run(code, user_env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "오늘 날씨가 화창합니다"


def test_assistants_requests_prints_every_field_the_notes_show(
    served: str, user_env: dict[str, str], tmp_path: Path
) -> None:
    import json

    code = seed_examples()["assistants_requests"]
    assert f'url = "{REAL_URL}/assistants"' in code
    result = run(code.replace(REAL_URL, served), user_env, tmp_path)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    # The notes' output, field for field and in its order; only the id and the time differ.
    assert list(printed) == [
        "id", "object", "created_at", "name", "description", "model", "instructions", "tools",
        "top_p", "temperature", "tool_resources", "metadata", "response_format",
    ]  # fmt: skip
    assert re.fullmatch(r"asst_[A-Za-z0-9]{24}", printed["id"])
    assert {k: v for k, v in printed.items() if k not in ("id", "created_at")} == {
        "object": "assistant",
        "name": "Your Assistant Name",
        "description": "A brief description of what this assistant is for",
        "model": "gpt-3.5-turbo",
        "instructions": None,
        "tools": [],
        "top_p": 1.0,
        "temperature": 1.0,
        "tool_resources": {},
        "metadata": {},
        "response_format": "auto",
    }
    assert '"top_p": 1.0,' in result.stdout and '"instructions": null,' in result.stdout


def _seed_pictures(cwd: Path) -> None:
    """The image.png and mask.png the image lessons open: a square RGBA picture (a brown box)
    and a mask transparent over the box's inside, where the apples go."""
    from PIL import Image

    picture = Image.new("RGBA", (512, 512), (240, 240, 240, 255))
    picture.paste((150, 100, 50, 255), (128, 192, 384, 448))
    picture.save(cwd / "image.png")
    mask = Image.new("RGBA", (512, 512), (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (160, 224, 352, 416))
    mask.save(cwd / "mask.png")


@pytest.mark.parametrize("name", ["image_generate", "image_edit", "image_variation"])
def test_image_lessons_print_a_url_to_a_512_png(
    user_env: dict[str, str], tmp_path: Path, name: str
) -> None:
    import io

    import httpx2
    from PIL import Image

    _seed_pictures(tmp_path)
    out = run_example(name, user_env, tmp_path).strip()
    assert out.startswith(user_env["OPENAI_BASE_URL"].removesuffix("/v1") + "/__mock__/images/")
    picture = httpx2.get(out)
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(picture.content))
    assert (image.format, image.size) == ("PNG", (512, 512))
