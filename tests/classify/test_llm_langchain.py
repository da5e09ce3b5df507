"""The LangChain path: a scripted fake chat model through `with_structured_output(..., include_raw=True)`."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from typing import Any

import openai
import pytest
from fake_openai_server import FakeOpenAI
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from pydantic import Field

from runcomfy_edit_tool._classify.base import ClassifyRequest
from runcomfy_edit_tool._classify.llm.classifier import LLMClassifier, make_llm_classifier
from runcomfy_edit_tool._classify.llm.langchain_backend import LangChainBackend
from runcomfy_edit_tool._classify.llm.prompt import llm_prompt
from runcomfy_edit_tool._exceptions import UsageError
from runcomfy_edit_tool._router import EditRouter

REQUEST = ClassifyRequest(
    request="她现在拿着一把橙色的伞", images=("https://cdn.example.com/a.jpg",), mask=None
)
ANSWER: dict[str, Any] = {
    "language": "zh",
    "preserve": [],
    "change": "她拿着一把橙色的伞",
    "scope": None,
    "quoted_text": [],
    "target_script": None,
    "image_roles": [],
    "multi_image_mode": "single",
    "edit_kinds": ["local"],
    "num_outputs": None,
    "named_model": None,
    "aspect_ratio": None,
    "resolution": None,
    "seed": None,
    "confidence": 0.85,
    "rule": 11,
    "route": "flux-kontext-pro",
}
USAGE = {"input_tokens": 812, "output_tokens": 95, "total_tokens": 907}
SLOW_S = 1.0
TINY_TIMEOUT_S = 0.1


def tool_answer(args: dict[str, Any], name: str = "RoutedIntent") -> AIMessage:
    """An AIMessage carrying one tool call, the way function-calling models answer."""
    return AIMessage(
        content="", tool_calls=[{"name": name, "args": args, "id": "call_1"}], usage_metadata=USAGE
    )


def text_answer(content: str, **kwargs: Any) -> AIMessage:
    """An AIMessage with plain content (json_mode answers, prose, refusals)."""
    return AIMessage(content=content, usage_metadata=USAGE, **kwargs)


class ScriptedChatModel(GenericFakeChatModel):
    """GenericFakeChatModel with tool binding (a no-op) and a script that may raise or stall."""

    script: list[Any] = Field(default_factory=list)
    seen: list[list[BaseMessage]] = Field(default_factory=list)
    delay_s: float = 0.0

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any
    ) -> Runnable[Any, Any]:
        """Structured output needs tool binding; the scripted answers already are tool calls."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        if self.delay_s:
            time.sleep(self.delay_s)
        item = self.script.pop(0) if self.script else tool_answer(ANSWER)
        if isinstance(item, BaseException):
            raise item
        return ChatResult(generations=[ChatGeneration(message=item)])


class FunctionCallingOnlyModel(ScriptedChatModel):
    """A model whose with_structured_output has no json_schema method."""

    def with_structured_output(self, schema: Any, *, include_raw: bool = False, **kwargs: Any) -> Any:
        """Refuse json_schema like providers without native structured output do."""
        if kwargs.get("method") == "json_schema":
            raise ValueError("method 'json_schema' is not supported by this model")
        return super().with_structured_output(schema, include_raw=include_raw, **kwargs)


def chat(*script: Any, **kwargs: Any) -> ScriptedChatModel:
    """A scripted fake chat model; after the script, every answer is valid."""
    return ScriptedChatModel(messages=iter([]), script=list(script), **kwargs)


def classify(chat_model: ScriptedChatModel, **kwargs: Any) -> Any:
    """Classify REQUEST through the LangChain path."""
    return make_llm_classifier(llm=chat_model, **kwargs).classify(REQUEST)


def test_valid_tool_answer_one_call_with_usage() -> None:
    """One invoke; intent, route, method, model name and usage_metadata tokens are recorded."""
    model = chat()
    result = classify(model)
    assert result.classifier == "llm"
    assert result.fallback_reason is None
    assert result.route == "flux-kontext-pro"
    assert result.intent.change == "她拿着一把橙色的伞"
    assert len(model.seen) == 1
    info = result.llm
    assert (info.model, info.method) == ("generic-fake-chat-model", "json_schema")
    assert (info.prompt_tokens, info.completion_tokens) == (812, 95)
    assert info.prompt_hash == llm_prompt().prompt_hash


def test_messages_are_system_prompt_then_request() -> None:
    """The static system prompt goes first, the delimited request last."""
    model = chat()
    classify(model)
    system, user = model.seen[0]
    assert (system.type, user.type) == ("system", "human")
    assert system.content == llm_prompt().system
    assert isinstance(user.content, str)
    assert user.content.startswith("<request>\n她现在拿着一把橙色的伞\n</request>")


async def test_async_ainvoke() -> None:
    """`aclassify` goes through `ainvoke`, one call."""
    model = chat()
    result = await make_llm_classifier(llm=model).aclassify(REQUEST)
    assert result.classifier == "llm"
    assert len(model.seen) == 1


def test_model_argument_names_the_model() -> None:
    """`model=` overrides the name read from the chat model."""
    assert classify(chat(), model="my-model").llm.model == "my-model"


def test_schema_invalid_then_valid_is_two_calls() -> None:
    """One re-ask with the previous answer and the errors; the second answer is used."""
    model = chat(tool_answer({**ANSWER, "route": "dall-e"}))
    result = classify(model)
    assert result.classifier == "llm"
    assert len(model.seen) == 2
    retry = model.seen[1]
    assert [m.type for m in retry] == ["system", "human", "ai", "human"]
    assert json.loads(str(retry[2].content))["route"] == "dall-e"
    assert "route: Input should be" in str(retry[3].content)
    assert result.llm.prompt_tokens == 2 * USAGE["input_tokens"]


async def test_schema_invalid_twice_falls_back_after_two_calls() -> None:
    """Two invalid answers: the rules decide, no third call."""
    bad = {k: v for k, v in ANSWER.items() if k != "edit_kinds"}
    model = chat(tool_answer(bad), tool_answer(bad))
    result = await make_llm_classifier(llm=model).aclassify(REQUEST)
    assert result.classifier == "rules"
    assert result.fallback_reason is not None
    assert result.fallback_reason.startswith("llm output failed validation twice: edit_kinds: Field required")
    assert len(model.seen) == 2


# (label, scripted item, start of the fallback reason)
FAULTS: list[tuple[str, Any, str]] = [
    ("prose instead of a tool call", text_answer("I think flux."), "llm output is not valid JSON"),
    ("nothing at all", text_answer(""), "llm returned no output"),
    (
        "refusal",
        text_answer("", additional_kwargs={"refusal": "I cannot assist."}),
        "llm refused: I cannot assist.",
    ),
    (
        "cut off",
        text_answer('{"language": "zh"', response_metadata={"finish_reason": "length"}),
        "llm output was cut off",
    ),
    ("timeout error", TimeoutError("read timed out"), "llm timeout (TimeoutError)"),
    ("connection error", ConnectionError("refused"), "llm connection error (ConnectionError): refused"),
    ("anything else", RuntimeError("provider exploded"), "llm error (RuntimeError): provider exploded"),
]


@pytest.mark.parametrize(("label", "item", "reason"), FAULTS, ids=[row[0] for row in FAULTS])
def test_faults_fall_back_to_rules(label: str, item: Any, reason: str) -> None:
    """Every fault yields the rules' classification and a one-line reason; one call, no re-ask."""
    model = chat(item)
    result = classify(model)
    assert result.classifier == "rules"
    assert result.fallback_reason.startswith(reason), result.fallback_reason
    assert len(model.seen) == 1
    assert result.route == "flux-kontext-pro"  # the rules read the same request


def test_json_mode_reads_raw_text_and_puts_the_schema_in_the_prompt() -> None:
    """method json_mode: the JSON text in the raw message is validated; the schema is in the system prompt."""
    model = chat(text_answer(json.dumps(ANSWER, ensure_ascii=False)))
    result = classify(model, method="json_mode")
    assert result.classifier == "llm"
    assert result.llm.method == "json_mode"
    assert model.seen[0][0].content == llm_prompt().system_with_schema()


def test_function_calling_only_model_is_handled() -> None:
    """A model without json_schema gets function calling, and the plan says so."""
    model = FunctionCallingOnlyModel(messages=iter([]))
    result = make_llm_classifier(llm=model).classify(REQUEST)
    assert result.classifier == "llm"
    assert result.llm is not None
    assert result.llm.method == "function_calling"


def test_model_without_structured_output_is_a_usage_error() -> None:
    """The stock fake (no bind_tools) cannot do structured output: a clear usage error up front."""
    with pytest.raises(UsageError, match="offers no structured output"):
        make_llm_classifier(llm=GenericFakeChatModel(messages=iter([])))


def test_outer_timeout_sync() -> None:
    """A stalled model with `timeout=` falls back after the deadline, not after the stall."""
    model = chat(delay_s=SLOW_S)
    started = time.perf_counter()
    result = classify(model, timeout=TINY_TIMEOUT_S)
    assert time.perf_counter() - started < SLOW_S
    assert result.classifier == "rules"
    assert result.fallback_reason == f"llm timeout after {TINY_TIMEOUT_S:g}s"


async def test_outer_timeout_async() -> None:
    """The async deadline cancels the call and falls back."""
    model = chat(delay_s=SLOW_S)
    result = await make_llm_classifier(llm=model, timeout=TINY_TIMEOUT_S).aclassify(REQUEST)
    assert result.fallback_reason == f"llm timeout after {TINY_TIMEOUT_S:g}s"


def test_json_schema_refused_by_the_server_switches_to_function_calling(fake_llm: FakeOpenAI) -> None:
    """A ChatOpenAI-style refusal of json_schema (an openai 500 naming response_format) costs one resend."""
    fake_llm.refused_methods = {"json_schema"}
    client = openai.OpenAI(base_url=fake_llm.base_url, api_key="k", max_retries=0)
    with pytest.raises(openai.InternalServerError) as refusal:
        client.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": "hi"}],
            response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": {}}},
        )
    model = chat(refusal.value)
    classifier = make_llm_classifier(llm=model)
    result = classifier.classify(REQUEST)
    assert result.classifier == "llm"
    assert result.llm is not None
    assert result.llm.method == "function_calling"
    assert len(model.seen) == 2
    assert isinstance(classifier, LLMClassifier)
    assert isinstance(classifier.backend, LangChainBackend)
    assert classifier.backend.method == "function_calling"


def test_router_with_a_chat_model_is_the_langchain_path() -> None:
    """`EditRouter(llm=chat_model)` plans through the chat model."""
    plan = EditRouter(llm=chat()).plan("她现在拿着一把橙色的伞", ["https://cdn.example.com/a.jpg"])
    assert plan.classifier == "llm"
    assert plan.route == "flux-kontext-pro"
    assert plan.body["image_url"] == "https://cdn.example.com/a.jpg"


def test_router_aplan_with_a_chat_model() -> None:
    """`aplan` with a chat model awaits `ainvoke`."""
    plan = asyncio.run(
        EditRouter(llm=chat()).aplan("她现在拿着一把橙色的伞", ["https://cdn.example.com/a.jpg"])
    )
    assert plan.classifier == "llm"


@pytest.mark.parametrize("llm", [object(), "gpt-4.1-mini", 42])
def test_unknown_llm_objects_are_a_usage_error(llm: Any, no_llm_env: None) -> None:
    """Anything but a chat model or an openai client is refused with a clear message."""
    with pytest.raises(UsageError, match="must be a LangChain chat model or an openai"):
        make_llm_classifier(llm=llm)


@pytest.mark.parametrize("method", ["tools", "json_object"])
def test_openai_method_names_are_refused_for_chat_models(method: Any) -> None:
    """LangChain methods use LangChain's names."""
    with pytest.raises(UsageError, match="unknown method"):
        make_llm_classifier(llm=chat(), method=method)
