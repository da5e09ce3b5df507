"""Mask policy and the policy's totality: a supplied mask is never dropped; any intent gets a route."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runcomfy_edit_tool import EditRouter, InputError
from runcomfy_edit_tool._bodies import Overrides, build_body
from runcomfy_edit_tool._catalog import MODELS, ROUTE_IDS
from runcomfy_edit_tool._cli import main
from runcomfy_edit_tool._intent import EDIT_KINDS, SCRIPTS, EditIntent, ImageRole, QuotedText
from runcomfy_edit_tool._policy import apply_guards, decide_route, infeasibility

ROUTER = EditRouter(classifier="rules")
IMAGE = "https://cdn.example.com/room.jpg"
MASK = "https://cdn.example.com/room-mask.png"
NO_MASK_ROUTES = [r for r in ROUTE_IDS if not MODELS[r].needs_mask]


@pytest.mark.parametrize("route", NO_MASK_ROUTES)
def test_a_forced_model_that_takes_no_mask_with_a_mask_is_bad_input(route: str) -> None:
    """`model=` a route without a mask field, plus a mask → InputError with the policy's sentence."""
    with pytest.raises(InputError) as caught:
        ROUTER.plan("remove the cables", [IMAGE], MASK, route)
    assert str(caught.value) == f"{route} takes no mask: drop the mask or let the router choose"


@pytest.mark.parametrize("route", NO_MASK_ROUTES)
def test_cli_forced_model_with_mask_exits_65(route: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`--model ROUTE --mask URL` for a no-mask route → exit 65 and the one-line sentence."""
    code = main(["plan", "remove the cables", "--image", IMAGE, "--mask", MASK, "--model", route])
    assert code == 65
    assert f"{route} takes no mask: drop the mask or let the router choose" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("request_text", "named"),
    [
        ("use nano banana to remove the cables", "nano-banana-edit"),
        ("with flux, remove the cables", "flux-kontext-pro"),
        ("gpt image 2: remove the cables", "gpt-image-2-edit"),
    ],
)
def test_a_model_named_in_the_request_falls_through_to_rule_2_with_a_mask(
    request_text: str, named: str
) -> None:
    """A named model that takes no mask is infeasible with a mask: rule 2 decides and says why; mask sent."""
    plan = ROUTER.plan(request_text, [IMAGE], MASK)
    assert plan.route == "z-image-inpaint"
    assert plan.body["mask_image_url"] == MASK
    assert any(
        f"rule 1 skipped: the request names {named}" in r and "takes no mask" in r for r in plan.reasons
    )


@pytest.mark.parametrize("route", NO_MASK_ROUTES)
def test_infeasibility_says_every_no_mask_route_takes_no_mask(route: str) -> None:
    """The feasibility table: with a mask every route but z-image-inpaint is infeasible."""
    assert infeasibility(route, n_images=1, has_mask=True) == f"{route} takes no mask"
    assert infeasibility("z-image-inpaint", n_images=1, has_mask=True) is None


@pytest.mark.parametrize("route", NO_MASK_ROUTES)
def test_build_body_never_drops_a_mask(route: str) -> None:
    """Defence in depth: building a no-mask route's body with a mask is an error, never a silent drop."""
    with pytest.raises(InputError, match="takes no mask"):
        build_body(route, "p", (IMAGE,), MASK, _intent(), Overrides())


def _intent(**fields: object) -> EditIntent:
    base: dict[str, object] = {
        "language": "en",
        "preserve": [],
        "change": "remove the cables",
        "scope": None,
        "quoted_text": [],
        "target_script": None,
        "image_roles": [],
        "multi_image_mode": "single",
        "edit_kinds": ["removal"],
        "num_outputs": None,
        "named_model": None,
        "aspect_ratio": None,
        "resolution": None,
        "seed": None,
        "confidence": 0.5,
    }
    base.update(fields)
    return EditIntent.model_validate(base)


@pytest.mark.parametrize(
    ("kinds", "n_images", "has_mask"),
    [([], 1, False), ([], 1, True), ([], 3, False), ([], 15, False), ([], 0, False), ([], 2, True)],
)
def test_decide_route_with_no_edit_kinds_does_not_crash(
    kinds: list[str], n_images: int, has_mask: bool
) -> None:
    """`edit_kinds: []` (what broke with IndexError) gives a route and a reason."""
    route, reasons = decide_route(_intent(edit_kinds=kinds), n_images=n_images, has_mask=has_mask)
    assert route in ROUTE_IDS
    assert reasons


_TEXT = st.text(max_size=30)
_INTENTS = st.builds(
    EditIntent,
    language=st.sampled_from(["en", "ja", "zz", ""]),
    preserve=st.lists(_TEXT, max_size=3),
    change=_TEXT,
    scope=st.none() | _TEXT,
    quoted_text=st.lists(
        st.builds(QuotedText, text=_TEXT, script=st.none() | st.sampled_from(SCRIPTS)), max_size=2
    ),
    target_script=st.none() | st.sampled_from(SCRIPTS),
    image_roles=st.lists(st.builds(ImageRole, index=st.integers(1, 20), role=_TEXT), max_size=4),
    multi_image_mode=st.sampled_from(["single", "batch", "composition"]),
    edit_kinds=st.lists(st.sampled_from(EDIT_KINDS), max_size=4),
    num_outputs=st.none() | st.integers(1, 4),
    named_model=st.none() | st.sampled_from(ROUTE_IDS),
    aspect_ratio=st.none() | _TEXT,
    resolution=st.none() | _TEXT,
    seed=st.none() | st.integers(),
    confidence=st.floats(0, 1),
)


@settings(max_examples=400, deadline=None)
@given(_INTENTS, st.integers(-2, 40), st.booleans(), st.booleans())
def test_decide_route_is_total(intent: EditIntent, n_images: int, has_mask: bool, compound: bool) -> None:
    """Property: any intent with any input shape gives a route and reasons, never an exception."""
    route, reasons = decide_route(intent, n_images=n_images, has_mask=has_mask, compound=compound)
    assert route in ROUTE_IDS
    assert reasons
    assert all(isinstance(r, str) and r for r in reasons)


@settings(max_examples=400, deadline=None)
@given(_INTENTS, st.integers(1, 20), st.booleans(), st.sampled_from(ROUTE_IDS))
def test_valid_inputs_always_get_a_feasible_route(
    intent: EditIntent, n_images: int, has_mask: bool, proposed: str
) -> None:
    """Property: for inputs the validator accepts, policy and guards only give a route that can take them."""
    has_mask = has_mask and n_images == 1  # a mask comes with exactly one image, or is refused earlier
    route, _ = decide_route(intent, n_images=n_images, has_mask=has_mask)
    assert infeasibility(route, n_images=n_images, has_mask=has_mask) is None
    guarded, _ = apply_guards(proposed, intent, n_images=n_images, has_mask=has_mask)  # type: ignore[arg-type]
    assert infeasibility(guarded, n_images=n_images, has_mask=has_mask) is None
