"""What a process needs to hand work to a child of its own and get its errors back."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import policy_kg

_PACKAGE_ROOT = str(Path(policy_kg.__file__).resolve().parents[1])


def child_env() -> dict[str, str]:
    """This environment, with this package importable by a fresh interpreter even when it is
    not installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
    return env


def picklable(error: Exception) -> Exception:
    """`error` itself when it survives pickling (OSError does), else its type and text."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
