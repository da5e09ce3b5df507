"""Stage 2 — rewrite: (route, `EditIntent`) → the prompt text that model is sent.

`rewriter.py` writes the prompt the way each model's makers describe it; `templates.py` loads the
per-language wording from `prompts/rewrite/<lang>.toml`.

Entry points: `rewrite`, `z_image_strength` (the inpainting strength follows the same reading of the
request), `script_names` (localized names of writing systems, for the eval).
"""

from .rewriter import rewrite, z_image_strength
from .templates import script_names

__all__ = ["rewrite", "script_names", "z_image_strength"]
