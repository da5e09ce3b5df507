"""The routing policy: twelve rules, first match wins, plus the hard guards every classifier obeys.

Both classifiers end here. The rules classifier calls `decide_route` on its extracted intent; the
LLM classifier proposes a route and `apply_guards` overrides it only where the inputs make it
impossible (a supplied mask is never dropped: only z-image-inpaint takes one), saying so in `reasons`.
`decide_route` is total: any intent and any input shape give a route and reasons, never an exception.
"""

from __future__ import annotations

from ._catalog import MODELS, RouteId
from ._intent import EditIntent

# Past this many inputs only nano-banana-edit takes them all (rule 3).
MANY_IMAGES = 10


def infeasibility(route: RouteId, *, n_images: int, has_mask: bool) -> str | None:
    """Why `route` cannot take these inputs, or None when it can (the policy's feasibility table)."""
    spec = MODELS[route]
    if spec.needs_mask and not has_mask:
        return f"{route} repaints a masked area and no mask was given"
    if has_mask and not spec.needs_mask:
        # A supplied mask is never dropped: a model that ignores it cannot take these inputs.
        return f"{route} takes no mask"
    if not spec.min_images <= n_images <= spec.max_images:
        limit = "exactly 1 image" if spec.max_images == 1 else f"{spec.min_images}-{spec.max_images} images"
        return f"{route} takes {limit} and {n_images} were given"
    return None


def decide_route(
    intent: EditIntent,
    *,
    n_images: int,
    has_mask: bool,
    compound: bool = False,
    local: bool | None = None,
) -> tuple[RouteId, list[str]]:
    """Apply rules 1-12 to an intent; returns the route and the reasons, the deciding rule first.

    `local` settles rule 11 versus rule 12 when given (the rules classifier's learned tie-breaker);
    otherwise the intent's edit kinds and `compound` do.
    """
    notes: list[str] = []
    named = intent.named_model
    if named is not None:
        why_not = infeasibility(named, n_images=n_images, has_mask=has_mask)
        if why_not is None:
            return named, [f"rule 1 (named model): the request asks for {named}"]
        notes.append(f"rule 1 skipped: the request names {named}, but {why_not}")
    kinds = intent.edit_kinds
    route: RouteId
    early = _rules_2_to_10(intent, n_images=n_images, has_mask=has_mask)
    if early is not None:
        route, why = early
    elif local if local is not None else (kinds[:1] == ["local"] and "restyle" not in kinds and not compound):
        route, why = "flux-kontext-pro", "rule 11 (one local change): one precise change on one image"
    else:
        detail = "compound edit" if compound else ("vague request" if kinds == ["other"] else "global edit")
        route, why = "nano-banana-edit", f"rule 12 (default): {detail}"
    return route, [why, *notes]


def reaches_rule_11(intent: EditIntent, *, n_images: int, has_mask: bool) -> bool:
    """Whether rules 1-10 leave the request undecided, so rule 11 or rule 12 picks the route."""
    named = intent.named_model
    if named is not None and infeasibility(named, n_images=n_images, has_mask=has_mask) is None:
        return False
    return _rules_2_to_10(intent, n_images=n_images, has_mask=has_mask) is None


def _rules_2_to_10(intent: EditIntent, *, n_images: int, has_mask: bool) -> tuple[RouteId, str] | None:
    kinds = intent.edit_kinds
    route: RouteId
    if has_mask and n_images == 1:
        route, why = "z-image-inpaint", "rule 2 (mask): a mask was supplied with one image"
    elif n_images > MANY_IMAGES:
        route, why = "nano-banana-edit", f"rule 3 (many images): {n_images} images is more than {MANY_IMAGES}"
    elif n_images > 1 and intent.multi_image_mode != "composition":
        route, why = "nano-banana-edit", f"rule 4 (batch): the same edit applies to each of {n_images} images"
    elif n_images > 1:
        refs = ", ".join(f"image {r.index}: {r.role}" for r in intent.image_roles) or "roles stated"
        route, why = "gpt-image-2-edit", f"rule 5 (composition): images have distinct roles ({refs})"
    elif "text" in kinds:
        quoted = ", ".join(repr(q.text) for q in intent.quoted_text)
        route, why = (
            "gpt-image-2-edit",
            "rule 6 (in-image text): the edit writes or changes text in the image"
            + (f" ({quoted})" if quoted else ""),
        )
    elif "layout" in kinds:
        route, why = "gpt-image-2-edit", "rule 7 (layout move): a layout element is repositioned"
    elif "background" in kinds:
        route, why = "nano-banana-edit", "rule 8 (background): the background is replaced, the subject kept"
    elif "removal" in kinds or "positional" in kinds:
        what = (
            "removal without a mask" if "removal" in kinds else f"edit targeted by position ({intent.scope})"
        )
        route, why = "nano-banana-edit", f"rule 9: {what}"
    elif intent.num_outputs is not None and intent.num_outputs > 1:
        route, why = "nano-banana-edit", f"rule 10 (variants): {intent.num_outputs} output variants asked for"
    else:
        return None
    return route, why


def apply_guards(
    proposed: RouteId, intent: EditIntent, *, n_images: int, has_mask: bool, compound: bool = False
) -> tuple[RouteId, list[str]]:
    """Keep a classifier's route unless the inputs rule it out; then the policy decides and says why."""
    why_not = infeasibility(proposed, n_images=n_images, has_mask=has_mask)
    if why_not is None:
        return proposed, []
    route, reasons = decide_route(intent, n_images=n_images, has_mask=has_mask, compound=compound)
    return route, [
        f"guard: the classifier chose {proposed}, but {why_not}; the policy chose {route}",
        *reasons,
    ]
