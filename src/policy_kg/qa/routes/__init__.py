"""The graph-backed routes of the question router (`qa/router.py`), one small module each."""
