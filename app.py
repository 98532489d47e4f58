"""Run policy-kg: build what is missing from corpus/ into indexes/, then serve."""

from policy_kg.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["serve"]))
