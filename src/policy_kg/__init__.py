"""policy-kg: a knowledge graph with cited question answering over Japanese policy texts."""

__version__ = "0.1.0"
