"""Right for get and reset; add returns LIAR (the test puts a class's name there): an object that
says it equals anything, or a str or int that does, or one that claims to be an int."""

from counter import Counter

LIAR = "LIAR"


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return 0


class LyingStr(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


class LyingInt(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


class ClaimsToBeInt(AlwaysEqual):
    @property
    def __class__(self):  # isinstance(x, int) believes this
        return int


def liar():
    return {
        "AlwaysEqual": AlwaysEqual,
        "LyingStr": lambda: LyingStr("equal to anything"),
        "LyingInt": lambda: LyingInt(-1),
        "ClaimsToBeInt": ClaimsToBeInt,
    }[LIAR]()


class CounterImpl(Counter):
    def __init__(self):
        self.values = {}

    def add(self, name, amount):
        self.values[name] = self.values.get(name, 0) + amount
        return liar()

    def get(self, name):
        return self.values.get(name)

    def reset(self, name):
        return self.values.pop(name, None) is not None
