"""A fake tool-calling chat model for agent tests: asks for one tool call, then answers from the result.

The stock `GenericFakeChatModel` cannot bind tools; this one's `bind_tools` is a no-op and its answer
depends on the conversation, the way a real agent model behaves: while the last message is the
user's, it calls the tool with `call_args`; once the last message is a tool result, it answers in
prose that quotes the tool's content (so a test can check the files reached the user).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from pydantic import Field

REQUEST = "replace the sky with a sunset, keep the people"
IMAGE = "https://example.com/street.jpg"
ANSWER_PREFIX = "Here is your edit. "


class ToolCallingFakeChat(GenericFakeChatModel):
    """Calls `tool_name` with `call_args` on the user's turn; answers with the tool's content after it."""

    tool_name: str = "runcomfy_image_edit"
    call_args: dict[str, Any] = Field(default_factory=lambda: {"request": REQUEST, "image_urls": [IMAGE]})
    seen: list[list[BaseMessage]] = Field(default_factory=list)
    calls: int = 0

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any
    ) -> Runnable[Any, Any]:
        """Tool binding is a no-op: this model already knows which call to make."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        last = messages[-1]
        if isinstance(last, ToolMessage):
            message = AIMessage(content=ANSWER_PREFIX + str(last.content))
        else:
            self.calls += 1
            call = {"name": self.tool_name, "args": dict(self.call_args), "id": f"call_{self.calls}"}
            message = AIMessage(content="", tool_calls=[call])
        return ChatResult(generations=[ChatGeneration(message=message)])


def fake_chat(**kwargs: Any) -> ToolCallingFakeChat:
    """A fresh fake; streaming is off so `astream_events` goes through `_generate` and keeps tool calls."""
    return ToolCallingFakeChat(messages=iter([]), disable_streaming=True, **kwargs)
