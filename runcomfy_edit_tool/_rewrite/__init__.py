"""Stage 2 — rewrite: (route, `EditIntent`) → the prompt text that model is sent.

`clauses.py` reads the request as the user's own clauses (edit, preservation, and the spans a prompt
may leave out); `rewriter.py` builds the prompt from them the way each model's makers describe it;
`templates.py` loads the per-language guidance wording from `prompts/rewrite/<lang>.toml`.

Entry points: `rewrite` (→ `Rewrite`: prompt, reading, notes), `read_request`, `z_image_strength`
(the inpainting strength follows the same reading of the request), `script_names`
(localized names of writing systems, for the eval).
"""

from .._classify import Reading, Segment, read_request
from .rewriter import Rewrite, new_quoted_text, rewrite, z_image_strength
from .templates import script_names

__all__ = [
    "Reading",
    "Rewrite",
    "Segment",
    "new_quoted_text",
    "read_request",
    "rewrite",
    "script_names",
    "z_image_strength",
]
