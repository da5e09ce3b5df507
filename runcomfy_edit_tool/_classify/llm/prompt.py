"""What the LLM is shown: the packaged system prompt, the strict output schema and the request as data.

The system prompt (prompts/llm/system.md) and the schema never change between requests, so they
go first and the request goes last: providers cache the common prefix. A short hash of the two is
recorded in every `LLMCallInfo`, so eval runs made with different prompts are never compared blindly.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from pydantic import BaseModel, Field

from ..._catalog import RouteId
from ..._intent import EditIntent
from ..._resources import data_path
from ..base import ClassifyRequest

SYSTEM_PROMPT_PARTS: Final = ("prompts", "llm", "system.md")
# The name the schema / tool goes by on the wire (OpenAI allows [a-zA-Z0-9_-]{1,64}).
SCHEMA_NAME: Final = "routed_edit_intent"
SCHEMA_DESCRIPTION: Final = "The request's edit intent, then the policy rule and route that follow from it."
PROMPT_HASH_CHARS: Final = 12
# Validation feedback is sent back to the model on the one re-ask; a few errors are enough to fix it.
MAX_FEEDBACK_ERRORS: Final = 8
# Titles and defaults mean nothing to the model. Descriptions are dropped from the wire schema too:
# the system prompt defines every field once, for every method (a server that turns the schema into
# a grammar never shows its descriptions to the model), so sending them again would only cost tokens.
_DROPPED_KEYS: Final = frozenset({"title", "default", "description"})
# Grammar-based servers (llama.cpp) ignore minimum/maximum: a 0.5B model wrote image index 0.
# Small integer ranges are therefore also spelled out as an enum, which every server enforces.
MAX_INT_ENUM: Final = 20


class RoutedIntent(EditIntent):
    """The LLM's whole answer: the intent fields (its evidence) first, then the rule and the route.

    `route` comes last on purpose: the model writes down what it saw before it decides.
    """

    rule: int = Field(ge=1, le=12, description="Number of the first policy rule that applies (1-12).")
    route: RouteId = Field(description="The route that rule gives.")

    def intent(self) -> EditIntent:
        """The shared intent, without the LLM-only fields."""
        return EditIntent.model_validate(self.model_dump(exclude={"rule", "route"}))


def _int_enum(node: dict[str, Any]) -> list[int] | None:
    """The values of a small bounded integer schema, or None."""
    low, high = node.get("minimum"), node.get("maximum")
    if node.get("type") != "integer" or not isinstance(low, int) or not isinstance(high, int):
        return None
    return list(range(low, high + 1)) if high - low < MAX_INT_ENUM else None


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`model`'s JSON schema in the form strict structured output accepts, self-contained.

    Every object lists all its properties as required and forbids others; `$ref`s are inlined
    (several OpenAI-compatible servers turn schemas into grammars and handle refs poorly);
    titles, defaults and descriptions are dropped; a small bounded integer also gets an `enum`. An
    object without properties (an open dict) is an error.
    """
    raw = model.model_json_schema()
    defs: dict[str, Any] = raw.pop("$defs", {})

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(item) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = defs[ref.rsplit("/", 1)[-1]]
            merged = {**copy.deepcopy(target), **{k: v for k, v in node.items() if k != "$ref"}}
            return visit(merged)
        out = {key: visit(value) for key, value in node.items() if key not in _DROPPED_KEYS}
        values = _int_enum(out)
        if values is not None:
            out["enum"] = values
        if out.get("type") == "object":
            properties = out.get("properties")
            if not properties:
                raise ValueError(f"strict schemas allow no open objects: {node.get('title', node)!r}")
            out["required"] = list(properties)
            out["additionalProperties"] = False
        return out

    schema: dict[str, Any] = visit(raw)
    return schema


@dataclass(frozen=True)
class LLMPrompt:
    """The static part of every LLM call.

    `name`, `description` and `output` default to the classifier's; other structured calls (the
    eval's judge) pass their own through `structured_prompt`.
    """

    system: str
    schema: dict[str, Any]
    schema_json: str
    prompt_hash: str
    name: str = SCHEMA_NAME
    description: str = SCHEMA_DESCRIPTION
    output: type[BaseModel] = RoutedIntent

    def system_with_schema(self) -> str:
        """The system prompt plus the schema as text, for methods where the server does not see it."""
        return f"{self.system}\n\nThe JSON object must match this JSON schema:\n{self.schema_json}"


def structured_prompt(system: str, output: type[BaseModel], *, name: str, description: str) -> LLMPrompt:
    """The static part of a structured call: `system`, `output`'s strict schema and their short hash."""
    schema = strict_json_schema(output)
    schema_json = json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(f"{system}\n{schema_json}".encode()).hexdigest()[:PROMPT_HASH_CHARS]
    return LLMPrompt(
        system=system,
        schema=schema,
        schema_json=schema_json,
        prompt_hash=digest,
        name=name,
        description=description,
        output=output,
    )


@cache
def llm_prompt() -> LLMPrompt:
    """Load the packaged system prompt and build the schema once per process."""
    system = data_path(*SYSTEM_PROMPT_PARTS).read_text(encoding="utf-8").strip()
    return structured_prompt(system, RoutedIntent, name=SCHEMA_NAME, description=SCHEMA_DESCRIPTION)


def _as_data(text: str) -> str:
    # Only the closing tag could end the data block early; everything else is kept byte-for-byte
    # because quoted in-image text must be copied exactly.
    return text.replace("</request>", "<\\/request>")


def render_request(request: ClassifyRequest) -> str:
    """The user message: the request and its inputs, delimited as data."""
    lines = ["<request>", _as_data(request.request.strip()), "</request>", f"images: {len(request.images)}"]
    lines += [f"image {n}: {_as_data(url)}" for n, url in enumerate(request.images, start=1)]
    lines.append(f"mask: {_as_data(request.mask)}" if request.mask else "mask: none")
    return "\n".join(lines)


def validation_feedback(errors: list[str]) -> str:
    """The follow-up message of the one re-ask after a schema-invalid answer."""
    shown = "\n".join(f"- {line}" for line in errors[:MAX_FEEDBACK_ERRORS])
    return (
        "Your JSON object failed validation:\n"
        f"{shown}\n"
        "Answer again with one corrected JSON object for the same request."
    )
