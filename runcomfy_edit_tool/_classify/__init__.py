"""Stage 1 — classify: a validated request → `Classification` (route, `EditIntent`, reasons).

Takes a `ClassifyRequest` (request text, image URLs, mask). Gives the route the policy picks and the
intent extracted from the words. `clauses.py` reads the request as the user's own clauses (edit,
preservation, and what only picks the model, steers or greets), for the rules and the rewriter alike.
Two classifiers share the `Classifier` protocol (`base.py`): the offline, deterministic
`RulesClassifier` (`rules.py` on the cue tables in `lexicon.py` and the script/quote helpers in
`text.py`) and the LLM classifier (`llm/`: one structured-output call, with the rules as fallback).

Entry points for the rest of the package: `RulesClassifier`, `make_llm_classifier`, the protocol
types, `read_request`, `find_quotes` for the eval's quote checks, `script_counts` for the rewriter's
script line, `REMARK_BEFORE` (a quote that is someone's remark, not text to write), `CORRECTION` (a
self-correction: what follows replaces what was just said), and
`make_structured_llm` (any other structured call on the same backends and settings: the eval's judge).
"""

from .base import Classification, Classifier, ClassifyRequest
from .clauses import LIST_MARKER, REMOVED_KINDS, Reading, Segment, read_request
from .lexicon import CORRECTION
from .llm.classifier import DEFAULT_LLM_MODEL, LLMClassifier, make_llm_classifier
from .llm.prompt import RoutedIntent, llm_prompt
from .llm.structured import StructuredCallError, StructuredLLM, StructuredResult, make_structured_llm
from .rules import RulesClassifier
from .text import REMARK_BEFORE, find_quotes, script_counts

__all__ = [
    "CORRECTION",
    "DEFAULT_LLM_MODEL",
    "LIST_MARKER",
    "REMARK_BEFORE",
    "REMOVED_KINDS",
    "Classification",
    "Classifier",
    "ClassifyRequest",
    "LLMClassifier",
    "Reading",
    "RoutedIntent",
    "RulesClassifier",
    "Segment",
    "StructuredCallError",
    "StructuredLLM",
    "StructuredResult",
    "find_quotes",
    "llm_prompt",
    "make_llm_classifier",
    "make_structured_llm",
    "read_request",
    "script_counts",
]
