"""Command-line verbs whose work spans several layers (check: read, check, render)."""
