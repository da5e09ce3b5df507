"""Shared pytest set-up: fixture modules registered as plugins (add lines; never remove others')."""

pytest_plugins = [
    "local_llm_server",  # local_llm_base_url: llama-cpp-python server on the cached model (make local-llm)
]
