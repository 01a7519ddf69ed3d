"""The class has the wrong name."""

from counter import Counter


class Counter_Impl(Counter):
    def add(self, name, amount):
        return amount
