"""Build hook: the wheel carries the repository files the package reads at run time.

The ontology and the SPARQL docs live at the repository's top, where the docs link them;
`pip install .` copies them into `policy_kg/_shipped/`, where `policy_kg.config.shipped_file`
looks first. The rest of the packaging is in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# the same files as policy_kg.config.SHIPPED_FILES (tests/test_wheel.py checks each one)
SHIPPED_FILES = ("ontology/policy-kg.ttl", "ontology/README.md", "docs/sparql.md")


class BuildWithShippedFiles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them in the checkout
            return
        for relative in SHIPPED_FILES:
            target = Path(self.build_lib, "policy_kg", "_shipped", relative)
            self.mkpath(str(target.parent))
            self.copy_file(relative, str(target))


setup(cmdclass={"build_py": BuildWithShippedFiles})
