"""Your solution. Implement the methods of InMemoryDB (see in_memory_db.py) in this class."""

from in_memory_db import InMemoryDB


class InMemoryDBImpl(InMemoryDB):
    def __init__(self) -> None:
        # TODO: set up the state your implementation needs.
        pass
