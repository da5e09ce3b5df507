"""An LLM answer is untrusted data: schema-valid is not enough, it must also fit the request it answers.

`answer_problem` checks a validated `RoutedIntent` against the `ClassifyRequest` before anything is
built from it; any problem sends the request to the offline rules with the problem as the
`fallback_reason`. The checks are about what the answer would put into a paid body or a route:

- the edit (`change`) is not empty, and no free-text field is longer than the request could justify
  (the request length limit must not be bypassed through the model);
- every quoted text appears in the request exactly (it is rendered byte-for-byte into the image);
- image-role indexes are within the images given; a named model is one the request mentions;
  a seed is one the request states; `edit_kinds` is not empty;
- no field carries control characters.

`token_count` turns whatever a backend reported as usage into a count or None (never an exception).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

from ..._mentions import MODEL_NAMES
from ..base import ClassifyRequest
from .prompt import RoutedIntent

__all__ = ["MAX_TOKEN_COUNT", "answer_problem", "token_count"]

# A free-text field may restate the request, translate it or add a few words, never much more.
FIELD_SLACK_CHARS: Final = 200
FIELD_GROWTH: Final = 2
# Usage counts above this are a broken counter, not a real call.
MAX_TOKEN_COUNT: Final = 10_000_000
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LANGUAGE: Final = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}$")


def token_count(value: Any) -> int | None:
    """A usage count as reported, if it is a plausible whole number; else None (unknown)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not 0 <= value <= MAX_TOKEN_COUNT:
        return None
    return value


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def answer_problem(answer: RoutedIntent, request: ClassifyRequest) -> str | None:
    """Why `answer` cannot be used for `request` (one line for `fallback_reason`), or None."""
    text = _norm(request.request)
    limit = FIELD_GROWTH * len(text) + FIELD_SLACK_CHARS
    free_text = {
        "change": answer.change,
        "scope": answer.scope or "",
        "preserve": " ".join(answer.preserve),
        "roles": " ".join(role.role for role in answer.image_roles),
        "aspect_ratio": answer.aspect_ratio or "",
        "resolution": answer.resolution or "",
    }
    if not answer.change.strip():
        return "llm answer unusable: its change is empty"
    for name, value in free_text.items():
        if len(value) > limit:
            return f"llm answer unusable: its {name} is {len(value)} characters, far longer than the request"
        if _CONTROL.search(value):
            return f"llm answer unusable: its {name} holds control characters"
    if not _LANGUAGE.match(answer.language):
        return "llm answer unusable: its language is not a language code"
    if not answer.edit_kinds:
        return "llm answer unusable: it names no kind of edit"
    for quote in answer.quoted_text:
        if not quote.text.strip() or _norm(quote.text) not in text:
            return "llm answer unusable: a quoted text is not in the request"
    n_images = len(request.images)
    for role in answer.image_roles:
        if role.index > n_images:
            return f"llm answer unusable: it refers to image {role.index} of {n_images}"
    named = answer.named_model
    if named is not None and not MODEL_NAMES[named].search(text):
        return f"llm answer unusable: it names {named}, which the request does not mention"
    if answer.seed is not None and str(answer.seed) not in text:
        return "llm answer unusable: its seed is not in the request"
    return None
