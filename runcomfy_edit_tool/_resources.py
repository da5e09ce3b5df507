"""Find the data files (`prompts/`, `evals/`) whether the package is installed or run from a checkout.

The design card keeps `prompts/` and `evals/` at the repo's top level. A wheel ships them inside the
package as `runcomfy_edit_tool/_data/...` (hatch force-include in pyproject.toml), but an editable
or source checkout has no `_data/` folder, so the repo's own copy is the fallback.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Final

_PACKAGE: Final = "runcomfy_edit_tool"
_REPO_ROOT: Final = Path(__file__).resolve().parent.parent


def data_path(*parts: str) -> Path:
    """The real path of a packaged data file or folder, e.g. ``data_path("evals", "routing.jsonl")``.

    Tries the packaged copy first (it is what `pip install .` users have), then the checkout's.
    Raises `FileNotFoundError` naming both places when neither exists.
    """
    if not parts:
        raise ValueError("data_path() needs at least one path part")
    packaged = files(_PACKAGE).joinpath("_data", *parts)
    # A wheel installed from PyPI unpacks to real files; a zipped install would not be a Path, and
    # then the checkout fallback is the only option anyway.
    if isinstance(packaged, Path) and packaged.exists():
        return packaged
    in_repo = _REPO_ROOT.joinpath(*parts)
    if in_repo.exists():
        return in_repo
    name = "/".join(parts)
    raise FileNotFoundError(f"data file {name!r} is neither packaged at {packaged} nor at {in_repo}")
