"""Reproduce, without any library, the CPython 3.11 crash that killed threaded servers.

    python scripts/cpython311_gc_crash.py            # 3.11: SIGSEGV (exit 139) or lost values
    python scripts/cpython311_gc_crash.py --guarded  # collector off around the store: correct
    python3.12 scripts/cpython311_gc_crash.py        # correct: 3.12 collects at safe points only

What happens (the same sequence SQLAlchemy's ``InstanceState`` goes through when a
session closes while the collector runs):

1. An instance whose class's shared-key table is full gets a *new* attribute name, so
   ``obj.attr = value`` must turn its inline values into a real ``__dict__``.
2. That allocation starts a garbage collection (3.11 may collect on any allocation).
3. The collection frees a cycle holding an object with a weakref; the weakref's callback
   sets another attribute on the same instance, which builds the dict and frees the old
   inline values array.
4. Back in step 1, the interrupted store goes on with the freed array: heap corruption.

``--guarded`` does what ``storefront.collector`` does in the app: automatic collection is
off while the store runs, and collections happen at a safe point afterwards.
"""

from __future__ import annotations

import argparse
import gc
import sys
import weakref

SHARED_KEY_ATTRIBUTES = 29  # how many names fill a class's shared-key table in 3.11


class Victim:
    pass


class Node:
    pass


def fill_shared_keys() -> None:
    """The first instance fixes the class's shared keys: 29 names, nothing more fits."""
    first = Victim()
    for index in range(SHARED_KEY_ATTRIBUTES):
        setattr(first, f"a{index}", index)


def one_round(guarded: bool) -> bool:
    """One store interrupted (or not) by a collection; True when the caller's value stuck."""
    victim = Victim()
    for index in range(SHARED_KEY_ATTRIBUTES):
        setattr(victim, f"a{index}", index)
    node = Node()
    node.cycle = node  # only the cyclic collector can free it
    # The weakref itself must outlive the cycle, or its callback is never called.
    watcher = weakref.ref(node, lambda _ref, v=victim: setattr(v, "set_by_callback", 1))
    del node
    # Kept alive, these empty the dict free list: the dict below is a fresh allocation.
    free_list_drain = [{} for _ in range(100)]
    if guarded:
        gc.disable()
    gc.set_threshold(1)  # the very next allocation collects
    victim.set_by_caller = 2
    gc.set_threshold(700)
    if guarded:
        gc.enable()  # the collection below is the safe point: no store is half-way
    del free_list_drain
    gc.collect()  # 3.12 may defer the collection to here; the callback has run by now
    del watcher
    return (getattr(victim, "set_by_caller", None) == 2
            and getattr(victim, "set_by_callback", None) == 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guarded", action="store_true",
                        help="keep the collector out of the store, as storefront.collector does")
    parser.add_argument("--rounds", type=int, default=20_000)
    arguments = parser.parse_args(argv)
    fill_shared_keys()
    lost = sum(not one_round(arguments.guarded) for _ in range(arguments.rounds))
    print(f"Python {sys.version.split()[0]}: {arguments.rounds} rounds, "
          f"{lost} lost an attribute{' (guarded)' if arguments.guarded else ''}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
