"""Cut a query worker off the network, so that no SERVICE can succeed even past the check.

Oxigraph runs `SERVICE <url>` by calling the URL itself, and pyoxigraph (0.5) has no
option to turn that off. The safety check refuses SERVICE, but a check can be fooled (a
bare CR once hid one from it), so each worker also moves itself into a new, empty network
namespace before it opens the store: no interface but a loopback that is down, so every
connection fails with "Network is unreachable". The socket to the server is a Unix
socket pair made before the move, which keeps working.

`unshare(CLONE_NEWNET)` needs root (CAP_SYS_ADMIN); without it, a new user namespace
together with the network namespace gives the same as an ordinary user where the kernel
allows unprivileged user namespaces. Where neither works (not Linux, or a locked-down
container) the worker says why, the pool logs it once, and the SERVICE check still holds.
"""

from __future__ import annotations

import ctypes
import os

CLONE_NEWNET = 0x40000000  # <linux/sched.h>
CLONE_NEWUSER = 0x10000000


def isolate_network() -> str | None:
    """Move this process into a new network namespace; None when done, else why not.

    Call it before starting any thread: a new user namespace needs a single thread.
    """
    try:
        unshare = ctypes.CDLL(None, use_errno=True).unshare
    except (OSError, AttributeError):
        return "this system has no unshare(2) (network namespaces are a Linux feature)"
    if unshare(CLONE_NEWNET) == 0:
        return None
    first = ctypes.get_errno()
    if unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        return None
    second = ctypes.get_errno()
    return (
        f"unshare(CLONE_NEWNET) failed ({os.strerror(first)}), and with a new user "
        f"namespace too ({os.strerror(second)})"
    )
