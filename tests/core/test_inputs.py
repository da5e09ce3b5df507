"""Bad inputs: one clear InputError (exit 65) that says what to change, in the library and the CLI."""

from __future__ import annotations

import pytest

from runcomfy_edit_tool import EditRouter, InputError
from runcomfy_edit_tool._cli import main

ROUTER = EditRouter(classifier="rules")
OK = "https://cdn.example.com/a.jpg"


@pytest.mark.parametrize(
    ("request_text", "images", "mask", "model", "message"),
    [
        ("", [OK], None, None, "the request is empty"),
        ("   ", [OK], None, None, "the request is empty"),
        ("edit", [], None, None, "no image given"),
        ("edit", [OK] * 21, None, None, "21 images given"),
        ("edit", ["http://cdn.example.com/a.jpg"], None, None, "is not an https:// URL"),
        ("edit", ["ftp://x/a.jpg"], None, None, "is not an https:// URL"),
        ("edit", ["cdn.example.com/a.jpg"], None, None, "is not an https:// URL"),
        ("edit", ["https://"], None, None, "is not an https:// URL"),
        (
            "edit",
            [OK],
            "http://cdn.example.com/m.png",
            None,
            "the mask 'http://cdn.example.com/m.png' is not an https:// URL",
        ),
        (
            "edit",
            [OK, OK],
            "https://cdn.example.com/m.png",
            None,
            "a mask needs exactly one image, and 2 were given",
        ),
        ("edit", [OK], None, "dall-e", "unknown model 'dall-e'"),
        ("edit", [OK, OK], None, "flux-kontext-pro", "cannot use 'flux-kontext-pro'"),
        ("edit", [OK], None, "z-image-inpaint", "no mask was given"),
        ("edit", [OK] * 11, None, "gpt-image-2-edit", "takes 1-10 images and 11 were given"),
        ("x" * 4001, [OK], None, None, "keep it under 4000"),
    ],
)
def test_bad_input_raises(
    request_text: str, images: list[str], mask: str | None, model: str | None, message: str
) -> None:
    """Each bad input raises InputError whose message names the fix."""
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace("'", "'")):
        ROUTER.plan(request_text, images, mask, model)


@pytest.mark.parametrize(
    ("argv", "code", "stderr_part"),
    [
        (["plan", "edit"], 65, "no image given"),
        (["plan", "edit", "--image", "http://x/a.jpg"], 65, "not an https:// URL"),
        (["plan", "edit", *(["--image", OK] * 21)], 65, "21 images given"),
        (
            ["plan", "edit", "--image", OK, "--image", OK, "--mask", "https://cdn.example.com/m.png"],
            65,
            "a mask needs exactly one",
        ),
        (
            ["plan", "edit", "--image", OK, "--model", "flux-kontext-pro", "--aspect-ratio", "7:5"],
            65,
            "choose one of",
        ),
        (["plan", "--no-such-flag"], 64, "No such option"),
        (["plan", "edit", "--image", OK, "--model", "dalle"], 64, "Invalid value for '--model'"),
        (["nonsense"], 64, "No such command"),
    ],
)
def test_cli_exit_codes(
    argv: list[str], code: int, stderr_part: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI exits with the documented code and one line saying what to change, no traceback."""
    assert main(argv) == code
    err = capsys.readouterr().err
    assert stderr_part in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"images": None}, "images must be a list"),
        ({"images": 123}, "images must be a list"),
        ({"images": b"https://cdn.example.com/a.jpg"}, "images must be a list"),
        ({"images": {"a": OK}}, "images must be a list"),
        ({"images": [OK, None]}, "image 2 is empty"),
        ({"images": [OK], "mask": 123}, "the mask is empty"),
        ({"images": [OK], "num_outputs": "3"}, "num_outputs must be a whole number"),
        ({"images": [OK], "num_outputs": 2.5}, "num_outputs must be a whole number"),
        ({"images": [OK], "num_outputs": True}, "num_outputs must be a whole number"),
        ({"images": [OK], "aspect_ratio": 16}, "aspect_ratio must be text"),
        ({"images": [OK], "seed": 10**100}, "seed must be a whole number from 0"),
        ({"images": [OK], "seed": -1}, "seed must be a whole number from 0"),
        ({"images": [OK], "seed": "42"}, "seed must be a whole number from 0"),
        ({"images": [OK], "seed": float("nan")}, "seed must be a whole number from 0"),
    ],
)
def test_odd_argument_shapes_are_input_errors(kwargs: dict[str, object], message: str) -> None:
    """Python callers passing None, bytes, dicts, text for numbers, huge seeds → InputError, no traceback."""
    with pytest.raises(InputError, match=message):
        ROUTER.plan("edit it", **kwargs)  # type: ignore[arg-type]


def test_any_iterable_of_urls_is_accepted() -> None:
    """A tuple or a generator of URLs works like a list."""
    assert ROUTER.plan("edit it", iter([OK, OK])).images == [OK, OK]
    assert ROUTER.plan("edit it", (OK,)).images == [OK]
