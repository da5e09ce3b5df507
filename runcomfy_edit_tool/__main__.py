"""`python -m runcomfy_edit_tool` runs the CLI."""

from runcomfy_edit_tool._cli import _entry

_entry()
