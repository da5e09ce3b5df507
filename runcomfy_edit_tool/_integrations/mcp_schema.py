"""The MCP server's contract: tool names, argument models, result models and what each tool costs.

Argument models are what a client sees as ``inputSchema`` (``extra="forbid"``: an unknown argument is
an error naming it); result models are each tool's ``outputSchema`` and the shape of its
``structuredContent``. Descriptions are read by the assistant's model, so they say exactly what to pass.
No `mcp` import here: the schemas are plain pydantic, testable without the extra.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._catalog import MAX_IMAGES, RouteId
from .._plan import EditPlan

__all__ = [
    "CANCEL_TOOL",
    "LIST_TOOL",
    "PLAN_TOOL",
    "RESULT_TOOL",
    "RUN_TOOL",
    "TOOL_NAMES",
    "CancelArgs",
    "CancelOutput",
    "JobState",
    "ListModelsArgs",
    "ModelInfo",
    "ModelsOutput",
    "OutputImage",
    "PlanArgs",
    "PlanOutput",
    "ResultArgs",
    "ResultOutput",
    "RunArgs",
    "RunOutput",
]

PLAN_TOOL: Final = "plan_image_edit"
RUN_TOOL: Final = "run_image_edit"
RESULT_TOOL: Final = "get_image_edit_result"
CANCEL_TOOL: Final = "cancel_image_edit"
LIST_TOOL: Final = "list_edit_models"
TOOL_NAMES: Final = (PLAN_TOOL, RUN_TOOL, RESULT_TOOL, CANCEL_TOOL, LIST_TOOL)


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanArgs(_Args):
    """What to edit: the person's words, the images, and the optional knobs."""

    request: str = Field(
        min_length=1,
        description="What to change, in the person's own words and language, e.g. 'replace the sky with a "
        "sunset, keep the people'. Include what must stay unchanged, exact text to write in quotes, and a "
        "model name only if the person named one.",
    )
    image_urls: list[str] = Field(
        min_length=1,
        max_length=MAX_IMAGES,
        description=f"Public https URLs of the source images (1 to {MAX_IMAGES}), in the person's order: the "
        "first is the main image and 'image 2' means the second. Local file paths do not work.",
    )
    mask_url: str | None = Field(
        default=None,
        description="https URL of a black-and-white mask (white = repaint, black = keep); needs exactly one "
        "image. Null when the person gave no mask.",
    )
    model: RouteId | None = Field(
        default=None,
        description="Force a model only when the person asked for one (list_edit_models says what each "
        "takes). Null lets the router choose, which is usually best.",
    )
    num_outputs: int | None = Field(
        default=None,
        ge=1,
        le=4,
        description="How many variants to make (1-4, nano-banana-edit only); null for one.",
    )
    aspect_ratio: str | None = Field(
        default=None,
        description="Output aspect ratio such as '16:9', only if the person asked for one; the accepted "
        "values depend on the model. Null keeps the input's.",
    )
    seed: int | None = Field(default=None, description="Random seed, only if the person gave one.")


class RunArgs(PlanArgs):
    """`PlanArgs` plus the person's consent to pay."""

    confirm_paid_run: bool = Field(
        description="true only after the person has seen this edit's plan (route, prompt) and agreed to "
        "pay for it. false returns the plan and submits nothing.",
    )


class ResultArgs(_Args):
    """Which job to look at, and how long to wait for it."""

    request_id: str = Field(min_length=1, description="The request_id that run_image_edit returned.")
    wait_seconds: float | None = Field(
        default=None,
        ge=0,
        description="Seconds to wait for the job to finish before answering with its status (0: just "
        "look). Null: the server's wait bound. Longer values are cut to that bound.",
    )


class CancelArgs(_Args):
    """Which job to cancel."""

    request_id: str = Field(min_length=1, description="The request_id that run_image_edit returned.")


class ListModelsArgs(_Args):
    """No arguments."""


# --- results -------------------------------------------------------------------------------------

JobState = Literal["needs_confirmation", "declined", "pending", "succeeded"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OutputImage(_Out):
    """One output: its URL (also sent as a resource link) and, when saved, the local file."""

    url: str
    mime_type: str
    path: str | None = Field(default=None, description="Where the server saved it (only with --output-dir).")
    bytes: int | None = None
    sha256: str | None = None


class PlanOutput(_Out):
    """plan_image_edit: the plan. Nothing was submitted or paid."""

    plan: EditPlan
    paid: Literal[False] = False


class RunOutput(_Out):
    """run_image_edit: the plan and, once submitted, the job and its outputs."""

    state: JobState = Field(
        description="needs_confirmation: nothing submitted, show the plan and ask; declined: the person "
        "said no, nothing submitted; pending: submitted and still running, come back with "
        "get_image_edit_result; succeeded: outputs are ready."
    )
    submitted: bool
    plan: EditPlan
    request_id: str | None = None
    status: str | None = Field(default=None, description="RunComfy's own status word for the job.")
    queue_position: int | None = None
    outputs: list[OutputImage] = Field(default_factory=list)
    next_step: str


class ResultOutput(_Out):
    """get_image_edit_result: where the job is and, when done, its outputs."""

    state: Literal["pending", "succeeded"]
    request_id: str
    status: str
    queue_position: int | None = None
    outputs: list[OutputImage] = Field(default_factory=list)
    next_step: str


class CancelOutput(_Out):
    """cancel_image_edit: what RunComfy answered."""

    request_id: str
    cancelled: bool
    outcome: str = Field(description="RunComfy's answer: cancelled, or not_cancellable for a running job.")
    next_step: str


class ModelInfo(_Out):
    """One route the router can choose."""

    route: RouteId
    model_id: str
    title: str
    min_images: int
    max_images: int
    mask: Literal["required", "not accepted"]
    fields: dict[str, list[Any]] = Field(description="Body fields, with their allowed values when fixed.")
    use_for: str


class ModelsOutput(_Out):
    """list_edit_models: the four routes."""

    models: list[ModelInfo]
