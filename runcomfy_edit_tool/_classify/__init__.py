"""Stage 1 — classify: a validated request → `Classification` (route, `EditIntent`, reasons).

Takes a `ClassifyRequest` (request text, image URLs, mask). Gives the route the policy picks and the
intent extracted from the words. Two classifiers share the `Classifier` protocol (`base.py`): the
offline, deterministic `RulesClassifier` (`rules.py` on the cue tables in `lexicon.py` and the
script/quote helpers in `text.py`) and the LLM classifier (`llm/`: one structured-output call, with
the rules as its fallback).

Entry points for the rest of the package: `RulesClassifier`, `make_llm_classifier`, the protocol
types, and `find_quotes` for the eval's quote checks.
"""

from .base import Classification, Classifier, ClassifyRequest
from .llm.classifier import DEFAULT_LLM_MODEL, LLMClassifier, make_llm_classifier
from .llm.prompt import RoutedIntent, llm_prompt
from .rules import RulesClassifier
from .text import find_quotes

__all__ = [
    "DEFAULT_LLM_MODEL",
    "Classification",
    "Classifier",
    "ClassifyRequest",
    "LLMClassifier",
    "RoutedIntent",
    "RulesClassifier",
    "find_quotes",
    "llm_prompt",
    "make_llm_classifier",
]
