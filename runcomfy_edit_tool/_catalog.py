"""The four edit models as data: ids, image limits and each model's exact input body.

This is the one place that knows a field name or an enum value. A field rename or a new aspect
ratio is a one-line change here; the rewriter, the planner, the CLI's `routes` listing and the
LLM schema all read from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field

RouteId = Literal["nano-banana-edit", "gpt-image-2-edit", "flux-kontext-pro", "z-image-inpaint"]
ROUTE_IDS: Final[tuple[RouteId, ...]] = get_args(RouteId)

NanoAspectRatio = Literal["auto", "21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16"]
NanoResolution = Literal["0.5K", "1K", "2K", "4K"]
NanoOutputFormat = Literal["png", "jpeg", "webp"]
GptSize = Literal["auto", "1024_1024", "1024_1536", "1536_1024"]
FluxAspectRatio = Literal["21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21"]
# RunComfy's z-image page lists the same ratios as flux plus "auto"; we only send it when asked.
ZImageAspectRatio = Literal["auto", "21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21"]

Url = Annotated[str, Field(min_length=1)]


class _Body(BaseModel):
    """Base of the model inputs: unknown fields are an error, never silently sent."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NanoBananaEditBody(_Body):
    """Input of `google/nano-banana-2/edit`."""

    prompt: str = Field(min_length=1)
    image_urls: list[Url] = Field(min_length=1, max_length=20)
    num_images: int | None = Field(default=None, ge=1, le=4)
    aspect_ratio: NanoAspectRatio | None = None
    resolution: NanoResolution | None = None
    output_format: NanoOutputFormat | None = None
    seed: int | None = None
    enable_web_search: bool | None = None


class GptImage2EditBody(_Body):
    """Input of `openai/gpt-image-2/edit`: the first image is primary, the rest auxiliary."""

    prompt: str = Field(min_length=1)
    images: list[Url] = Field(min_length=1, max_length=10)
    size: GptSize | None = None


class FluxKontextProBody(_Body):
    """Input of `blackforestlabs/flux-1-kontext/pro/edit`: one image, as a string."""

    prompt: str = Field(min_length=1)
    image_url: Url
    aspect_ratio: FluxAspectRatio | None = None
    seed: int | None = None


class ZImageInpaintBody(_Body):
    """Input of `tongyi-mai/z-image/turbo/inpainting`: white mask pixels are repainted, black kept."""

    prompt: str = Field(min_length=1)
    image_url: Url
    mask_image_url: Url
    strength: float | None = Field(default=None, ge=0.0, le=1.0)
    control_scale: float | None = Field(default=None, ge=0.0, le=1.0)
    aspect_ratio: ZImageAspectRatio | None = None
    seed: int | None = None


BodyModel = NanoBananaEditBody | GptImage2EditBody | FluxKontextProBody | ZImageInpaintBody


@dataclass(frozen=True)
class ModelSpec:
    """What the planner needs to know about one route."""

    route: RouteId
    model_id: str
    title: str
    min_images: int
    max_images: int
    needs_mask: bool
    image_field: str
    images_as_list: bool
    body: type[BodyModel]
    summary: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The body's field names, in the order the model's page lists them."""
        return tuple(self.body.model_fields)

    def field_choices(self, name: str) -> tuple[Any, ...]:
        """The allowed values of an enum field (empty for free fields)."""
        annotation = self.body.model_fields[name].annotation
        for candidate in (annotation, *get_args(annotation)):
            if get_origin(candidate) is Literal:
                return get_args(candidate)
        return ()


MODELS: Final[dict[RouteId, ModelSpec]] = {
    "nano-banana-edit": ModelSpec(
        route="nano-banana-edit",
        model_id="google/nano-banana-2/edit",
        title="Nano Banana Edit",
        min_images=1,
        max_images=20,
        needs_mask=False,
        image_field="image_urls",
        images_as_list=True,
        body=NanoBananaEditBody,
        summary="default; batches, backgrounds, removal without a mask, positional edits, 1-4 variants",
    ),
    "gpt-image-2-edit": ModelSpec(
        route="gpt-image-2-edit",
        model_id="openai/gpt-image-2/edit",
        title="GPT Image 2 Edit",
        min_images=1,
        max_images=10,
        needs_mask=False,
        image_field="images",
        images_as_list=True,
        body=GptImage2EditBody,
        summary="in-image text, layout moves, compositions of images with distinct roles",
    ),
    "flux-kontext-pro": ModelSpec(
        route="flux-kontext-pro",
        model_id="blackforestlabs/flux-1-kontext/pro/edit",
        title="Flux Kontext Pro",
        min_images=1,
        max_images=1,
        needs_mask=False,
        image_field="image_url",
        images_as_list=False,
        body=FluxKontextProBody,
        summary="one precise local change on one image, said in one sentence",
    ),
    "z-image-inpaint": ModelSpec(
        route="z-image-inpaint",
        model_id="tongyi-mai/z-image/turbo/inpainting",
        title="Z-Image Turbo Inpaint",
        min_images=1,
        max_images=1,
        needs_mask=True,
        image_field="image_url",
        images_as_list=False,
        body=ZImageInpaintBody,
        summary="mask supplied: repaint exactly the white area of one image",
    ),
}

MAX_IMAGES: Final = max(spec.max_images for spec in MODELS.values())

# Words people use for each model, matched case-insensitively as whole words (rule 1).
MODEL_ALIASES: Final[dict[RouteId, tuple[str, ...]]] = {
    "nano-banana-edit": ("nano banana", "nano-banana", "nanobanana", "gemini image", "nano-banana-edit"),
    "gpt-image-2-edit": (
        "gpt image 2",
        "gpt-image-2",
        "gpt image",
        "gpt-image",
        "gpt-image-2-edit",
        "gpt image2",
    ),
    "flux-kontext-pro": ("flux", "kontext", "flux kontext", "flux-kontext-pro"),
    "z-image-inpaint": ("z-image", "z image", "zimage", "z-image-inpaint", "z-image turbo"),
}


def spec_for(route: RouteId) -> ModelSpec:
    """The spec of a route id (already validated as a `RouteId`)."""
    return MODELS[route]
