"""Reference solution for the banking system: all four levels, in every variant.

Level 3 comes in three variants, and level 4 follows each: cashback (the levels as written: pay,
get_payment_status), scheduled (schedule_payment, cancel_payment) and accept (offer_transfer,
accept_transfer). A session calls one variant's methods only; merge_accounts and get_balance
serve all three.
"""

from __future__ import annotations

import heapq
import itertools
from bisect import bisect_right

from banking_system import BankingSystem

CASHBACK_DELAY = 86_400_000  # 24 hours in milliseconds
CASHBACK_PERCENT = 2
OFFER_LIFETIME = 86_400_000  # an offered transfer expires 24 hours after it is made


class _Account:
    """One account's life: balance, outgoing total and its balance history."""

    def __init__(self, account_id: str, created_at: int) -> None:
        self.id = account_id
        self.balance = 0
        self.outgoing = 0
        self.created_at = created_at
        self.closed_at: int | None = None  # set when merged into another account
        self.times: list[int] = [created_at]  # history: balance after every change
        self.balances: list[int] = [0]

    def change(self, timestamp: int, delta: int) -> None:
        self.balance += delta
        self.times.append(timestamp)
        self.balances.append(self.balance)

    def balance_at(self, time_at: int) -> int | None:
        if time_at < self.created_at or (self.closed_at is not None and time_at >= self.closed_at):
            return None
        index = bisect_right(self.times, time_at) - 1
        return self.balances[index]


# Each kind of record below has a `due` time and `come_due()`, what happens then.


class _Payment:
    """Variant cashback: a payment, whose cashback is credited when due."""

    def __init__(self, owner: _Account, amount: int, due: int) -> None:
        self.owner = owner
        self.cashback = amount * CASHBACK_PERCENT // 100
        self.due = due
        self.received = False

    def come_due(self) -> None:
        self.owner.change(self.due, self.cashback)
        self.received = True


class _Scheduled:
    """Variant scheduled: a payment carried out when due, if the balance allows."""

    def __init__(self, owner: _Account, amount: int, due: int) -> None:
        self.owner = owner
        self.amount = amount
        self.due = due
        self.state = "waiting"  # then "done", "skipped" or "cancelled"

    def come_due(self) -> None:
        if self.state != "waiting":
            return  # cancelled
        if self.owner.balance < self.amount:
            self.state = "skipped"
            return
        self.owner.change(self.due, -self.amount)
        self.owner.outgoing += self.amount
        self.state = "done"


class _Offer:
    """Variant accept: an offered transfer, its amount held from the source until accepted or expired."""

    def __init__(self, source: _Account, target: _Account, amount: int, due: int) -> None:
        self.source = source
        self.target = target
        self.amount = amount
        self.due = due  # when it expires
        self.state = "pending"  # then "accepted", "expired" or "withdrawn" (by a merge)

    def come_due(self) -> None:
        if self.state == "pending":
            self.source.change(self.due, self.amount)  # the hold goes back
            self.state = "expired"


class BankingSystemImpl(BankingSystem):
    def __init__(self) -> None:
        self._accounts: dict[str, _Account] = {}  # accounts that exist now
        self._lives: dict[str, list[_Account]] = {}  # every account ever created under an id
        self._payments: dict[str, _Payment] = {}
        self._scheduled: dict[str, _Scheduled] = {}
        self._offers: dict[str, _Offer] = {}
        self._pending: list[tuple[int, int, object]] = []  # (due, order made, record): what is yet to come due
        self._order = itertools.count()

    # -- helpers ---------------------------------------------------------------

    def _at_due(self, record) -> None:
        heapq.heappush(self._pending, (record.due, next(self._order), record))

    def _settle(self, timestamp: int) -> None:
        """Let everything due at or before ``timestamp`` happen: in due order, ties in the order made."""
        while self._pending and self._pending[0][0] <= timestamp:
            heapq.heappop(self._pending)[2].come_due()

    # -- level 1 ---------------------------------------------------------------

    def create_account(self, timestamp: int, account_id: str) -> bool:
        self._settle(timestamp)
        if account_id in self._accounts:
            return False
        account = _Account(account_id, timestamp)
        self._accounts[account_id] = account
        self._lives.setdefault(account_id, []).append(account)
        return True

    def deposit(self, timestamp: int, account_id: str, amount: int) -> int | None:
        self._settle(timestamp)
        account = self._accounts.get(account_id)
        if account is None:
            return None
        account.change(timestamp, amount)
        return account.balance

    def transfer(self, timestamp: int, source_account_id: str, target_account_id: str, amount: int) -> int | None:
        self._settle(timestamp)
        source = self._accounts.get(source_account_id)
        target = self._accounts.get(target_account_id)
        if source is None or target is None or source is target or source.balance < amount:
            return None
        source.change(timestamp, -amount)
        target.change(timestamp, amount)
        source.outgoing += amount
        return source.balance

    # -- level 2 ---------------------------------------------------------------

    def top_spenders(self, timestamp: int, n: int) -> list[str]:
        self._settle(timestamp)
        ranked = sorted(self._accounts.values(), key=lambda a: (-a.outgoing, a.id))
        return [f"{a.id}({a.outgoing})" for a in ranked[:n]]

    # -- level 3, variant cashback -----------------------------------------------

    def pay(self, timestamp: int, account_id: str, amount: int) -> str | None:
        self._settle(timestamp)
        account = self._accounts.get(account_id)
        if account is None or account.balance < amount:
            return None
        account.change(timestamp, -amount)
        account.outgoing += amount
        payment_id = f"payment{len(self._payments) + 1}"
        payment = _Payment(account, amount, timestamp + CASHBACK_DELAY)
        self._payments[payment_id] = payment
        self._at_due(payment)
        return payment_id

    def get_payment_status(self, timestamp: int, account_id: str, payment: str) -> str | None:
        self._settle(timestamp)
        account = self._accounts.get(account_id)
        record = self._payments.get(payment)
        if account is None or record is None or record.owner is not account:
            return None
        return "CASHBACK_RECEIVED" if record.received else "IN_PROGRESS"

    # -- level 3, variant scheduled ----------------------------------------------

    def schedule_payment(self, timestamp: int, account_id: str, amount: int, delay: int) -> str | None:
        self._settle(timestamp)
        account = self._accounts.get(account_id)
        if account is None:
            return None
        payment_id = f"payment{len(self._scheduled) + 1}"
        scheduled = _Scheduled(account, amount, timestamp + delay)
        self._scheduled[payment_id] = scheduled
        self._at_due(scheduled)
        return payment_id

    def cancel_payment(self, timestamp: int, account_id: str, payment_id: str) -> bool:
        self._settle(timestamp)  # a payment due now has been handled: too late to cancel
        account = self._accounts.get(account_id)
        scheduled = self._scheduled.get(payment_id)
        if account is None or scheduled is None or scheduled.owner is not account or scheduled.state != "waiting":
            return False
        scheduled.state = "cancelled"
        return True

    # -- level 3, variant accept -------------------------------------------------

    def offer_transfer(self, timestamp: int, source_account_id: str, target_account_id: str, amount: int) -> str | None:
        self._settle(timestamp)
        source = self._accounts.get(source_account_id)
        target = self._accounts.get(target_account_id)
        if source is None or target is None or source is target or amount > source.balance:
            return None
        source.change(timestamp, -amount)  # held: out of the balance until accepted or expired
        transfer_id = f"transfer{len(self._offers) + 1}"
        offer = _Offer(source, target, amount, timestamp + OFFER_LIFETIME)
        self._offers[transfer_id] = offer
        self._at_due(offer)
        return transfer_id

    def accept_transfer(self, timestamp: int, account_id: str, transfer_id: str) -> bool:
        self._settle(timestamp)  # an offer expiring now has expired
        account = self._accounts.get(account_id)
        offer = self._offers.get(transfer_id)
        if account is None or offer is None or offer.target is not account or offer.state != "pending":
            return False
        offer.state = "accepted"
        account.change(timestamp, offer.amount)
        offer.source.outgoing += offer.amount
        return True

    # -- level 4 ---------------------------------------------------------------

    def merge_accounts(self, timestamp: int, account_id_1: str, account_id_2: str) -> bool:
        self._settle(timestamp)
        first = self._accounts.get(account_id_1)
        second = self._accounts.get(account_id_2)
        if first is None or second is None or first is second:
            return False
        first.change(timestamp, second.balance)
        first.outgoing += second.outgoing
        for record in self._payments.values():
            if record.owner is second:
                record.owner = first  # status queries and pending cashback follow the survivor
        for scheduled in self._scheduled.values():
            if scheduled.owner is second:
                scheduled.owner = first  # waiting payments are now carried out from the survivor
        for offer in self._offers.values():
            if offer.source is second:
                offer.source = first
            if offer.target is second:
                offer.target = first
            if offer.state == "pending" and offer.source is offer.target:
                offer.state = "withdrawn"  # an offer between the two: its hold is the survivor's again
                first.change(timestamp, offer.amount)
        second.closed_at = timestamp
        del self._accounts[account_id_2]
        return True

    def get_balance(self, timestamp: int, account_id: str, time_at: int) -> int | None:
        self._settle(timestamp)
        for account in reversed(self._lives.get(account_id, [])):
            if account.created_at <= time_at:
                return account.balance_at(time_at)
        return None
