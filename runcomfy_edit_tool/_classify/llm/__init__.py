"""The LLM classifier: one structured-output chat call that returns a `RoutedIntent`.

`classifier.py` drives it (re-ask once on an invalid answer, then fall back to the rules);
`prompt.py` renders the system prompt and schema, `answer.py` parses and checks replies, and the two
backends speak to an OpenAI-compatible endpoint (`openai_backend.py`) or any LangChain chat model
(`langchain_backend.py`); `settings.py` holds every timeout and retry default. `structured.py`
offers the same backends to any other structured call (the eval's judge).
"""
