"""`runcomfy-edit plan --classifier llm` end to end against the loopback fake server."""

from __future__ import annotations

import json
import socket

import pytest
from fake_openai_server import FakeOpenAI, Step

from runcomfy_edit_tool._classify.llm.prompt import llm_prompt
from runcomfy_edit_tool._cli import main

IMG = "https://cdn.example.com/in/poster.png"


def closed_port_url() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def plan_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """Run `plan ... --json`, require exit 0 and return the parsed plan."""
    assert main(["plan", *argv, "--json"]) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


def test_plan_with_llm_base_url(fake_llm: FakeOpenAI, capsys: pytest.CaptureFixture[str]) -> None:
    """--classifier llm --llm-base-url plans with the LLM and prints its accounting."""
    plan = plan_json(
        ["make it a watercolour", "--image", IMG, "--classifier", "llm", "--llm-base-url", fake_llm.base_url],
        capsys,
    )
    assert plan["classifier"] == "llm"
    assert plan["fallback_reason"] is None
    llm = plan["llm"]
    assert isinstance(llm, dict)
    assert llm["prompt_hash"] == llm_prompt().prompt_hash
    assert llm["method"] == "json_schema"
    assert len(fake_llm.requests) == 1


def test_llm_model_flag_reaches_the_server(fake_llm: FakeOpenAI, capsys: pytest.CaptureFixture[str]) -> None:
    """--llm-model is the model sent and recorded."""
    plan = plan_json(
        [
            "edit",
            "--image",
            IMG,
            "--classifier",
            "llm",
            "--llm-base-url",
            fake_llm.base_url,
            "--llm-model",
            "qx",
        ],
        capsys,
    )
    assert fake_llm.requests[0]["model"] == "qx"
    assert isinstance(plan["llm"], dict)
    assert plan["llm"]["model"] == "qx"


def test_auto_uses_the_llm_when_openai_base_url_is_set(
    fake_llm: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--classifier auto (the default) picks the LLM when OPENAI_BASE_URL is set."""
    monkeypatch.setenv("OPENAI_BASE_URL", fake_llm.base_url)
    assert plan_json(["make it a watercolour", "--image", IMG], capsys)["classifier"] == "llm"


def test_auto_uses_rules_without_an_endpoint(no_llm_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    """--classifier auto with nothing configured stays offline."""
    plan = plan_json(["make it a watercolour", "--image", IMG], capsys)
    assert (plan["classifier"], plan["fallback_reason"], plan["llm"]) == ("rules", None, None)


def test_llm_without_endpoint_exits_64(no_llm_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    """--classifier llm with no endpoint: exit 64 and one line saying what to set."""
    assert main(["plan", "edit", "--image", IMG, "--classifier", "llm"]) == 64
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "--classifier llm needs an endpoint: set OPENAI_API_KEY" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["0", "-3"])
def test_bad_llm_timeout_exits_64(
    value: str, fake_llm: FakeOpenAI, capsys: pytest.CaptureFixture[str]
) -> None:
    """A non-positive --llm-timeout is a usage error."""
    argv = ["plan", "edit", "--image", IMG, "--classifier", "llm", "--llm-base-url", fake_llm.base_url]
    assert main([*argv, "--llm-timeout", value]) == 64
    assert "--llm-timeout must be a positive number of seconds" in capsys.readouterr().err


def test_server_down_still_plans_with_rules(no_llm_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    """The endpoint is down: exit 0, the rules decide, fallback_reason says why."""
    plan = plan_json(
        [
            "put the subject from image 1 into the room of image 2",
            "--image",
            IMG,
            "--image",
            IMG,
            "--classifier",
            "llm",
            "--llm-base-url",
            closed_port_url(),
        ],
        capsys,
    )
    assert plan["classifier"] == "rules"
    assert plan["route"] == "gpt-image-2-edit"
    assert isinstance(plan["fallback_reason"], str)
    assert plan["fallback_reason"].startswith("llm connection error")


def test_summary_shows_the_fallback(fake_llm: FakeOpenAI, capsys: pytest.CaptureFixture[str]) -> None:
    """The readable summary names the fallback and its reason."""
    fake_llm.queue(Step("refusal"))
    argv = ["plan", "edit", "--image", IMG, "--classifier", "llm", "--llm-base-url", fake_llm.base_url]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "classifier  rules  (fallback: llm refused: I can't help with that request.)" in out
