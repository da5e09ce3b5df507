"""The exact JSON bodies sent to each model, and the errors for values a model does not accept."""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion

from runcomfy_edit_tool import MODELS, EditRouter, InputError

ROUTER = EditRouter(classifier="rules")
A = "https://cdn.example.com/a.jpg"
B = "https://cdn.example.com/b.jpg"
M = "https://cdn.example.com/mask.png"

SEED_EXAMPLES = {
    "nano-banana-edit": ("keep her face, put her on a rainy neon street", [A], None),
    "gpt-image-2-edit": ("put the subject from image 1 into the room of image 2", [A, B], None),
    "flux-kontext-pro": ("she's now holding an orange umbrella", [A], None),
    "z-image-inpaint": ("remove the cables", [A], M),
}


@pytest.mark.parametrize("route", list(SEED_EXAMPLES))
def test_body_snapshot(route: str, snapshot: SnapshotAssertion) -> None:
    """Each route's body for the seed example is exactly the snapshotted JSON."""
    request, images, mask = SEED_EXAMPLES[route]
    plan = ROUTER.plan(request, images, mask)
    assert plan.route == route
    assert plan.body == snapshot
    assert plan.body["prompt"] == plan.prompt


@pytest.mark.parametrize("route", list(SEED_EXAMPLES))
def test_body_fields_belong_to_model(route: str) -> None:
    """A body never carries a field its model does not take."""
    request, images, mask = SEED_EXAMPLES[route]
    plan = ROUTER.plan(request, images, mask)
    assert set(plan.body) <= set(MODELS[plan.route].fields)


def test_flux_image_is_a_string() -> None:
    """flux-kontext-pro gets `image_url` as one string, never a list."""
    plan = ROUTER.plan("make her scarf red", [A])
    assert plan.body["image_url"] == A


def test_z_image_strength_for_cleanup() -> None:
    """Cable removal with a mask repaints at cleanup strength (0.5)."""
    plan = ROUTER.plan("remove the cables", [A], M)
    assert plan.body["mask_image_url"] == M
    assert plan.body["strength"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("request_text", "strength"),
    [
        ("remove the cables", 0.5),
        ("replace the lamp with a potted plant", 0.65),
        ("fill it with a clear blue sky background", 0.9),
    ],
)
def test_z_image_strength_by_intent(request_text: str, strength: float) -> None:
    """Strength follows the intent: cleanup 0.5, object replacement 0.65, whole region 0.9."""
    assert ROUTER.plan(request_text, [A], M).body["strength"] == pytest.approx(strength)


def test_variants_set_num_images() -> None:
    """'give me 3 options' sends num_images=3 to nano-banana-edit."""
    plan = ROUTER.plan("give me 3 options with a cozier mood", [A])
    assert plan.route == "nano-banana-edit"
    assert plan.body["num_images"] == 3


def test_free_text_ratio_outside_enum_is_a_note() -> None:
    """A ratio from free text that the model lacks is dropped with a reason, not an error."""
    plan = ROUTER.plan("make her scarf red, 5:4 please", [A])
    assert plan.route == "flux-kontext-pro"
    assert "aspect_ratio" not in plan.body
    assert any("5:4" in r for r in plan.reasons)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"model": "flux-kontext-pro", "aspect_ratio": "5:4"},
            "'aspect_ratio' = '5:4' is not accepted by flux-kontext-pro",
        ),
        ({"model": "nano-banana-edit", "num_outputs": 7}, "num_images"),
        ({"model": "gpt-image-2-edit", "aspect_ratio": "16:9"}, "has no size for aspect ratio '16:9'"),
        ({"model": "flux-kontext-pro", "num_outputs": 2}, "does not take 'num_images'"),
    ],
)
def test_explicit_value_outside_enum_is_an_error(kwargs: dict[str, object], message: str) -> None:
    """A value the caller set explicitly that the model rejects is an InputError naming it."""
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        ROUTER.plan("make her scarf red", [A], **kwargs)  # type: ignore[arg-type]


def test_gpt_size_from_ratio() -> None:
    """A square ratio maps to gpt-image-2's 1024_1024 size."""
    plan = ROUTER.plan("fix the typo on the sign", [A], aspect_ratio="1:1")
    assert plan.body["size"] == "1024_1024"
