"""Run policy-kg: build what is missing from corpus/ into indexes/, then serve the UI,
/sparql and /health on http://127.0.0.1:7860 (`python app.py --port 8000` to change).
"""

import sys

from policy_kg.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["serve", *sys.argv[1:]]))
