"""What an agent reads: model-name aliases, the image-list rule, and library messages in tool words.

The library and the CLI speak in flags (``--mask``, ``--image URL``) and commands (``runcomfy-edit
result ID``); an agent has the tool's arguments (``mask_url``, ``image_urls``, ``model``) and the
toolkit's result and cancel tools. `agent_message` rewrites one into the other, so every error a tool
returns names something the agent can actually send.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from .._catalog import MODELS, ROUTE_IDS, RouteId

__all__ = [
    "CANCEL_TOOL_NAME",
    "IMAGE_LIST_HINT",
    "MODEL_ALIASES",
    "PLAN_TOOL_NAME",
    "RESULT_TOOL_NAME",
    "RUN_TOOL_NAME",
    "agent_message",
    "blank_to_none",
    "image_list",
    "model_route",
]

RUN_TOOL_NAME: Final = "runcomfy_image_edit"
PLAN_TOOL_NAME: Final = "runcomfy_image_edit_plan"
RESULT_TOOL_NAME: Final = "runcomfy_edit_result"
CANCEL_TOOL_NAME: Final = "runcomfy_edit_cancel"

IMAGE_LIST_HINT: Final = 'pass a JSON list, e.g. ["https://…"]'

# Names people (and LLMs) use for the four models, normalised by `_key`: lower case, and runs of
# spaces, dashes, underscores, dots and slashes folded to one space. Documented in docs/langchain.md.
MODEL_ALIASES: Final[Mapping[str, RouteId]] = {
    "nano banana": "nano-banana-edit",
    "nano banana 2": "nano-banana-edit",
    "nano banana edit": "nano-banana-edit",
    "nano banana 2 edit": "nano-banana-edit",
    "nanobanana": "nano-banana-edit",
    "google nano banana": "nano-banana-edit",
    "gemini image": "nano-banana-edit",
    "gpt image": "gpt-image-2-edit",
    "gpt image 2": "gpt-image-2-edit",
    "gpt image 2 edit": "gpt-image-2-edit",
    "gptimage2": "gpt-image-2-edit",
    "openai gpt image 2": "gpt-image-2-edit",
    "flux": "flux-kontext-pro",
    "flux kontext": "flux-kontext-pro",
    "flux kontext pro": "flux-kontext-pro",
    "flux 1 kontext": "flux-kontext-pro",
    "flux 1 kontext pro": "flux-kontext-pro",
    "kontext": "flux-kontext-pro",
    "z image": "z-image-inpaint",
    "zimage": "z-image-inpaint",
    "z image turbo": "z-image-inpaint",
    "z image inpaint": "z-image-inpaint",
    "z image inpainting": "z-image-inpaint",
}


def _key(name: str) -> str:
    return re.sub(r"[\s\-_./]+", " ", name.strip().lower()).strip()


_LOOKUP: Final[dict[str, RouteId]] = {
    **{_key(alias): route for alias, route in MODEL_ALIASES.items()},
    **{_key(route): route for route in ROUTE_IDS},
    **{_key(spec.model_id): route for route, spec in MODELS.items()},
}


def blank_to_none(value: object) -> object:
    """``""`` (or only spaces) for an optional argument means "not given": models often send it so."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def model_route(value: object) -> object:
    """A route id for `model`: route ids, RunComfy model ids and the documented aliases map; ``""`` is None.

    Anything else raises `ValueError` with what to send instead (the tool shows it to the agent).
    """
    value = blank_to_none(value)
    if value is None or not isinstance(value, str):
        return value
    route = _LOOKUP.get(_key(value))
    if route is None:
        raise ValueError(
            f"model {value!r} is not one of RunComfy's edit models: leave model null and the tool chooses "
            f"(a model the user names in request is honoured too), or pass one of {', '.join(ROUTE_IDS)}"
        )
    return route


def image_list(value: object) -> object:
    """`image_urls` must be a list: a bare string is refused with the fix, never split or wrapped."""
    if isinstance(value, str):
        raise ValueError(f"image_urls must be a list of URLs, not a string: {IMAGE_LIST_HINT}")
    return value


# Library and CLI wording → the tool's arguments and tools. Applied in order; each pattern is narrow
# enough not to touch a user's own words quoted in a message.
_REWRITES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # Whole commands first, so their own flags (--output-dir DIR) go with them.
    (re.compile(r"`runcomfy-edit (?:result|status) ID`"), f"the {RESULT_TOOL_NAME} tool"),
    (
        re.compile(r"`runcomfy-edit (?:result|status) ([^`\s]+)(?: --output-dir DIR)?`"),
        rf"the {RESULT_TOOL_NAME} tool with request_id='\1'",
    ),
    (re.compile(r"`runcomfy-edit cancel ([^`\s]+)`"), rf"the {CANCEL_TOOL_NAME} tool with request_id='\1'"),
    (re.compile(r"the id printed by `runcomfy-edit run`"), "the request_id of an earlier run"),
    (re.compile(r"run `runcomfy-edit login`"), "pass api_key to the tool"),
    (re.compile(r"`runcomfy-edit login`"), "api_key"),
    (re.compile(r"pass one image with --mask"), "pass exactly one URL in image_urls with mask_url"),
    (re.compile(r" ?\(--image URL\)"), " in image_urls"),
    (re.compile(r"--image URL"), "image_urls"),
    (re.compile(r"--image\b"), "image_urls"),
    (re.compile(r"--mask\b"), "mask_url"),
    (re.compile(r"--model(?: ROUTE)?\b"), "model"),
    (re.compile(r"--output-dir(?: DIR)?\b"), "output_dir"),
    (re.compile(r"\bimage (\d+)\b(?= '| is\b)"), "image_urls[#\\1]"),
    (re.compile(r"^the mask\b"), "mask_url"),
    (re.compile(r"(?<=: )the mask\b(?= ')"), "mask_url"),
    (re.compile(r"^the request is empty"), "request is empty"),
    (re.compile(r"^unknown model\b"), "model: unknown model"),
)


def _index_from_one(match: re.Match[str]) -> str:
    return f"image_urls[{int(match.group(1)) - 1}]"


def agent_message(text: str) -> str:
    """`text` with CLI flags and commands replaced by the tool's argument and tool names."""
    for pattern, replacement in _REWRITES:
        # "image N" counts from 1 in the library's words; image_urls is indexed from 0.
        text = pattern.sub(_index_from_one if "#" in replacement else replacement, text)
    return text
