"""Shared pytest set-up: fixture modules registered as plugins (add lines; never remove others')."""

pytest_plugins = [
    "fake_model_api",  # fake_api, api_env: the loopback Model API (tests/fake_model_api.py)
    "local_llm_server",  # local_llm_base_url: llama-cpp-python server on the cached model (make local-llm)
    "fake_openai_server",  # fake_llm, no_llm_env: loopback OpenAI-compatible chat server
]
