"""LLM settings: model, timeout and endpoint from arguments, environment and defaults."""

from __future__ import annotations

import pytest

from runcomfy_edit_tool._classify.llm.settings import (
    DEFAULT_LLM_MODEL,
    DEFAULT_LLM_TIMEOUT_S,
    PLACEHOLDER_API_KEY,
    resolve_endpoint,
    resolve_model,
    resolve_timeout,
)
from runcomfy_edit_tool._exceptions import UsageError


@pytest.mark.parametrize(
    ("arg", "env", "expected"),
    [
        (None, None, DEFAULT_LLM_MODEL),
        (None, "", DEFAULT_LLM_MODEL),
        (None, "qwen2.5:7b", "qwen2.5:7b"),
        ("gpt-5-mini", "qwen2.5:7b", "gpt-5-mini"),
        ("gpt-5-mini", None, "gpt-5-mini"),
    ],
)
def test_resolve_model(
    arg: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch, no_llm_env: None
) -> None:
    """The argument wins over RUNCOMFY_EDIT_LLM_MODEL, which wins over the default."""
    if env is not None:
        monkeypatch.setenv("RUNCOMFY_EDIT_LLM_MODEL", env)
    assert resolve_model(arg) == expected


@pytest.mark.parametrize(
    ("arg", "env", "expected"),
    [
        (None, None, DEFAULT_LLM_TIMEOUT_S),
        (None, "", DEFAULT_LLM_TIMEOUT_S),
        (None, "7.5", 7.5),
        (None, "3", 3.0),
        (2.0, "7.5", 2.0),
        (0.25, None, 0.25),
    ],
)
def test_resolve_timeout(
    arg: float | None, env: str | None, expected: float, monkeypatch: pytest.MonkeyPatch, no_llm_env: None
) -> None:
    """The argument wins over RUNCOMFY_EDIT_LLM_TIMEOUT, which wins over 20 s."""
    if env is not None:
        monkeypatch.setenv("RUNCOMFY_EDIT_LLM_TIMEOUT", env)
    assert resolve_timeout(arg) == expected


@pytest.mark.parametrize(
    ("arg", "env", "named"),
    [
        (0.0, None, "--llm-timeout"),
        (-1.0, None, "--llm-timeout"),
        (None, "abc", "RUNCOMFY_EDIT_LLM_TIMEOUT"),
        (None, "0", "RUNCOMFY_EDIT_LLM_TIMEOUT"),
        (None, "-5", "RUNCOMFY_EDIT_LLM_TIMEOUT"),
        (None, "nan", "RUNCOMFY_EDIT_LLM_TIMEOUT"),
    ],
)
def test_bad_timeouts_are_usage_errors(
    arg: float | None, env: str | None, named: str, monkeypatch: pytest.MonkeyPatch, no_llm_env: None
) -> None:
    """A timeout that is not a positive number is a usage error naming its source."""
    if env is not None:
        monkeypatch.setenv("RUNCOMFY_EDIT_LLM_TIMEOUT", env)
    with pytest.raises(UsageError, match=f"{named} must be a positive number of seconds"):
        resolve_timeout(arg)


@pytest.mark.parametrize(
    ("key", "env_url", "arg_url", "expected_key", "expected_url"),
    [
        ("sk-test", None, None, "sk-test", None),
        (None, "http://localhost:8080/v1", None, PLACEHOLDER_API_KEY, "http://localhost:8080/v1"),
        (None, None, "http://127.0.0.1:9/v1", PLACEHOLDER_API_KEY, "http://127.0.0.1:9/v1"),
        (None, "http://env/v1", "http://arg/v1", PLACEHOLDER_API_KEY, "http://arg/v1"),
        ("sk-test", "http://env/v1", None, "sk-test", "http://env/v1"),
    ],
)
def test_resolve_endpoint(
    key: str | None,
    env_url: str | None,
    arg_url: str | None,
    expected_key: str,
    expected_url: str | None,
    monkeypatch: pytest.MonkeyPatch,
    no_llm_env: None,
) -> None:
    """OPENAI_API_KEY or a placeholder for key-less local servers; --llm-base-url over OPENAI_BASE_URL."""
    if key is not None:
        monkeypatch.setenv("OPENAI_API_KEY", key)
    if env_url is not None:
        monkeypatch.setenv("OPENAI_BASE_URL", env_url)
    settings = resolve_endpoint(None, arg_url, None)
    assert (settings.api_key, settings.base_url) == (expected_key, expected_url)
    assert settings.model == DEFAULT_LLM_MODEL
    assert settings.timeout == DEFAULT_LLM_TIMEOUT_S


def test_no_endpoint_is_a_usage_error(no_llm_env: None) -> None:
    """Neither a key nor a base URL: the usage error says what to set."""
    with pytest.raises(UsageError, match="needs an endpoint: set OPENAI_API_KEY"):
        resolve_endpoint(None, None, None)
