"""Reference solution for the banking system, all four levels."""

from __future__ import annotations

import heapq
from bisect import bisect_right

from banking_system import BankingSystem

CASHBACK_DELAY = 86_400_000  # 24 hours in milliseconds
CASHBACK_PERCENT = 2


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


class _Payment:
    def __init__(self, owner: _Account, amount: int, due: int) -> None:
        self.owner = owner
        self.cashback = amount * CASHBACK_PERCENT // 100
        self.due = due
        self.received = False


class BankingSystemImpl(BankingSystem):
    def __init__(self) -> None:
        self._accounts: dict[str, _Account] = {}  # accounts that exist now
        self._lives: dict[str, list[_Account]] = {}  # every account ever created under an id
        self._payments: dict[str, _Payment] = {}
        self._pending: list[tuple[int, int, str]] = []  # (due, payment number, payment id)

    # -- helpers ---------------------------------------------------------------

    def _settle(self, timestamp: int) -> None:
        """Credit every cashback due at or before ``timestamp``, in due order."""
        while self._pending and self._pending[0][0] <= timestamp:
            due, _, payment_id = heapq.heappop(self._pending)
            payment = self._payments[payment_id]
            payment.owner.change(due, payment.cashback)
            payment.received = True

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

    # -- level 3 ---------------------------------------------------------------

    def pay(self, timestamp: int, account_id: str, amount: int) -> str | None:
        self._settle(timestamp)
        account = self._accounts.get(account_id)
        if account is None or account.balance < amount:
            return None
        account.change(timestamp, -amount)
        account.outgoing += amount
        number = len(self._payments) + 1
        payment_id = f"payment{number}"
        due = timestamp + CASHBACK_DELAY
        self._payments[payment_id] = _Payment(account, amount, due)
        heapq.heappush(self._pending, (due, number, payment_id))
        return payment_id

    def get_payment_status(self, timestamp: int, account_id: str, payment: str) -> str | None:
        self._settle(timestamp)
        account = self._accounts.get(account_id)
        record = self._payments.get(payment)
        if account is None or record is None or record.owner is not account:
            return None
        return "CASHBACK_RECEIVED" if record.received else "IN_PROGRESS"

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
        second.closed_at = timestamp
        del self._accounts[account_id_2]
        return True

    def get_balance(self, timestamp: int, account_id: str, time_at: int) -> int | None:
        self._settle(timestamp)
        for account in reversed(self._lives.get(account_id, [])):
            if account.created_at <= time_at:
                return account.balance_at(time_at)
        return None
