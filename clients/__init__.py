"""The seed course's lessons as a small library on the official ``openai`` SDK.

Every function takes an ``openai.OpenAI`` client and nothing else about the server: point the
client at the mock or at the real API by its ``base_url`` (see :mod:`clients.config`), and the
same code runs. One module per lesson; ``python -m clients --help`` lists them as commands.
"""

from .chat import ask, reply_text, stream_text
from .config import ApiKey, ClientConfig, ConfigError, make_client, resolve_config
from .conversation import Conversation
from .cost import BudgetExceeded, CostTracker, PriceTable
from .errors import explain, with_backoff
from .models import list_models
from .moderation import check
from .search import SemanticIndex
from .structured import extract
from .tools import Tool, run_tool_loop

__all__ = [
    "ApiKey",
    "BudgetExceeded",
    "ClientConfig",
    "ConfigError",
    "Conversation",
    "CostTracker",
    "PriceTable",
    "SemanticIndex",
    "Tool",
    "ask",
    "check",
    "explain",
    "extract",
    "list_models",
    "make_client",
    "reply_text",
    "resolve_config",
    "run_tool_loop",
    "stream_text",
    "with_backoff",
]
