"""Shared pytest set-up: fixture modules registered as plugins (add lines; never remove others')."""

import os

from hypothesis import settings

# Property tests draw the same examples on every run: a failure found once is found again (and CI never
# fails on a draw nobody saw locally). Set HYPOTHESIS_PROFILE=explore to search fresh examples.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytest_plugins = [
    "fake_model_api",  # fake_api, api_env: the loopback Model API (tests/fake_model_api.py)
    "local_llm_server",  # local_llm_base_url: llama-cpp-python server on the cached model (make local-llm)
    "fake_openai_server",  # fake_llm, no_llm_env: loopback OpenAI-compatible chat server
]
