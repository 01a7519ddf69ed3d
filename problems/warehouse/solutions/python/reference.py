"""Reference solution for the warehouse inventory, all four levels."""

from __future__ import annotations

from bisect import bisect_right, insort

from warehouse import Warehouse

NEVER = float("inf")  # the expiry of units that never expire: later than every real one


class _Item:
    """One sku: its units grouped by expiry time, and its quantity after every change."""

    def __init__(self, sku: str) -> None:
        self.sku = sku
        self.quantity = 0
        self.expiries: list[float] = []  # expiry times that hold units, soonest first
        self.units: dict[float, int] = {}  # expiry time -> units in stock
        self.times: list[int] = []  # history: when the quantity changed...
        self.quantities: list[int] = []  # ...and what it became

    def record(self, time: int) -> None:
        self.times.append(time)
        self.quantities.append(self.quantity)

    def expire(self, timestamp: int) -> None:
        """Drop the units whose expiry time is at or before timestamp, each at its own time."""
        while self.expiries and self.expiries[0] <= timestamp:
            expiry = self.expiries.pop(0)
            self.quantity -= self.units.pop(expiry)
            self.record(expiry)

    def add(self, units: int, expiry: float) -> None:
        if expiry not in self.units:
            insort(self.expiries, expiry)
            self.units[expiry] = 0
        self.units[expiry] += units
        self.quantity += units

    def take(self, quantity: int) -> list[tuple[float, int]]:
        """Remove quantity units, soonest expiry first; return (expiry, units) for each expiry used."""
        taken = []
        while quantity > 0:
            expiry = self.expiries[0]
            units = min(quantity, self.units[expiry])
            taken.append((expiry, units))
            self.units[expiry] -= units
            if self.units[expiry] == 0:
                del self.units[expiry]
                del self.expiries[0]
            quantity -= units
            self.quantity -= units
        return taken

    def quantity_at(self, time_at: int) -> int:
        index = bisect_right(self.times, time_at)  # the last change at or before time_at
        return self.quantities[index - 1] if index else 0


class WarehouseImpl(Warehouse):
    def __init__(self) -> None:
        self._items: dict[str, _Item] = {}
        self._orders: dict[str, tuple[_Item, list[tuple[float, int]]]] = {}  # open orders only
        self._placed = 0

    def _item(self, timestamp: int, sku: str) -> _Item:
        """The item as it is at timestamp: what expired by then is gone."""
        item = self._items.get(sku)
        if item is None:
            item = self._items[sku] = _Item(sku)
        item.expire(timestamp)
        return item

    def _add(self, timestamp: int, sku: str, quantity: int, expiry: float) -> int | None:
        if quantity <= 0 or expiry <= timestamp:
            return None
        item = self._item(timestamp, sku)
        item.add(quantity, expiry)
        item.record(timestamp)
        return item.quantity

    def _remove(self, timestamp: int, sku: str, quantity: int) -> tuple[_Item, list] | None:
        item = self._item(timestamp, sku)
        if quantity <= 0 or item.quantity < quantity:
            return None
        taken = item.take(quantity)
        item.record(timestamp)
        return item, taken

    # -- level 1 ---------------------------------------------------------------

    def stock(self, timestamp: int, sku: str, quantity: int) -> int | None:
        return self._add(timestamp, sku, quantity, NEVER)

    def ship(self, timestamp: int, sku: str, quantity: int) -> int | None:
        removed = self._remove(timestamp, sku, quantity)
        return None if removed is None else removed[0].quantity

    def get_quantity(self, timestamp: int, sku: str) -> int:
        return self._item(timestamp, sku).quantity

    # -- level 2 ---------------------------------------------------------------

    def find_by_prefix(self, timestamp: int, prefix: str, n: int) -> list[str]:
        matching = [self._item(timestamp, sku) for sku in self._items if sku.startswith(prefix)]
        ranked = sorted((item for item in matching if item.quantity > 0), key=lambda item: (-item.quantity, item.sku))
        return [f"{item.sku}({item.quantity})" for item in ranked[:n]]

    # -- level 3 ---------------------------------------------------------------

    def stock_batch(self, timestamp: int, sku: str, quantity: int, expires_at: int) -> int | None:
        return self._add(timestamp, sku, quantity, expires_at)

    def get_batches(self, timestamp: int, sku: str) -> list[str]:
        item = self._item(timestamp, sku)
        return [f"{'never' if expiry == NEVER else expiry}({item.units[expiry]})" for expiry in item.expiries]

    # -- level 4 ---------------------------------------------------------------

    def place_order(self, timestamp: int, sku: str, quantity: int) -> str | None:
        removed = self._remove(timestamp, sku, quantity)
        if removed is None:
            return None
        self._placed += 1
        order_id = f"order{self._placed}"
        self._orders[order_id] = removed
        return order_id

    def cancel_order(self, timestamp: int, order_id: str) -> int | None:
        order = self._orders.pop(order_id, None)
        if order is None:
            return None
        item, taken = order
        item.expire(timestamp)
        for expiry, units in taken:
            if expiry > timestamp:  # units that expired while reserved do not come back
                item.add(units, expiry)
        item.record(timestamp)
        return item.quantity

    def get_quantity_at(self, timestamp: int, sku: str, time_at: int) -> int:
        return self._item(timestamp, sku).quantity_at(time_at)
