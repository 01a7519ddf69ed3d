// Reference solution for the banking system, all four levels.

import { BankingSystem } from './banking-system';

const CASHBACK_DELAY = 86_400_000; // 24 hours in milliseconds
const CASHBACK_PERCENT = 2;

// Python's sorted() orders strings by code point; for the ASCII ids of this problem the plain
// < / > comparison (UTF-16 code units) agrees with it, whereas localeCompare depends on the locale.
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// One account's life: balance, outgoing total and its balance history.
class Account {
  balance = 0;
  outgoing = 0;
  closedAt: number | null = null; // set when merged into another account
  // The balance after every change, in time order (timestamps only increase), for getBalance.
  private readonly times: number[];
  private readonly balances: number[] = [0];

  constructor(
    readonly id: string,
    readonly createdAt: number,
  ) {
    this.times = [createdAt];
  }

  change(timestamp: number, delta: number): void {
    this.balance += delta;
    this.times.push(timestamp);
    this.balances.push(this.balance);
  }

  balanceAt(timeAt: number): number | null {
    if (timeAt < this.createdAt || (this.closedAt !== null && timeAt >= this.closedAt)) {
      return null;
    }
    // Binary search for the last change at or before timeAt: several changes may share a
    // timestamp (a cashback and the call it precedes), and the last one is the balance then.
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.times[middle] <= timeAt) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return this.balances[low - 1];
  }
}

class Payment {
  readonly cashback: number;
  received = false;

  constructor(
    public owner: Account, // changes on a merge: status and pending cashback follow the survivor
    amount: number,
    readonly due: number,
  ) {
    this.cashback = Math.floor((amount * CASHBACK_PERCENT) / 100);
  }
}

export class BankingSystemImpl extends BankingSystem {
  private readonly accounts = new Map<string, Account>(); // the accounts that exist now
  private readonly lives = new Map<string, Account[]>(); // every Account ever created under an id, oldest first
  private readonly payments = new Map<string, Payment>(); // "payment<N>" -> Payment
  // Payments waiting for cashback. Every payment waits the same delay and payments come at
  // increasing timestamps, so this is already in due order: a queue, consumed from `nextDue`.
  private readonly pending: Payment[] = [];
  private nextDue = 0;

  // Credit every cashback due at or before `timestamp`, before the call does anything else.
  private settle(timestamp: number): void {
    while (this.nextDue < this.pending.length && this.pending[this.nextDue].due <= timestamp) {
      const payment = this.pending[this.nextDue];
      this.nextDue += 1;
      payment.owner.change(payment.due, payment.cashback);
      payment.received = true;
    }
  }

  // Level 1

  createAccount(timestamp: number, accountId: string): boolean {
    this.settle(timestamp);
    if (this.accounts.has(accountId)) {
      return false;
    }
    const account = new Account(accountId, timestamp);
    this.accounts.set(accountId, account);
    const lives = this.lives.get(accountId) ?? [];
    lives.push(account);
    this.lives.set(accountId, lives);
    return true;
  }

  deposit(timestamp: number, accountId: string, amount: number): number | null {
    this.settle(timestamp);
    const account = this.accounts.get(accountId);
    if (account === undefined) {
      return null;
    }
    account.change(timestamp, amount);
    return account.balance;
  }

  transfer(timestamp: number, sourceAccountId: string, targetAccountId: string, amount: number): number | null {
    this.settle(timestamp);
    const source = this.accounts.get(sourceAccountId);
    const target = this.accounts.get(targetAccountId);
    if (source === undefined || target === undefined || source === target || source.balance < amount) {
      return null;
    }
    source.change(timestamp, -amount);
    target.change(timestamp, amount);
    source.outgoing += amount;
    return source.balance;
  }

  // Level 2

  topSpenders(timestamp: number, n: number): string[] {
    this.settle(timestamp);
    return [...this.accounts.values()]
      .sort((a, b) => b.outgoing - a.outgoing || compareStrings(a.id, b.id))
      .slice(0, n)
      .map((account) => `${account.id}(${account.outgoing})`);
  }

  // Level 3

  pay(timestamp: number, accountId: string, amount: number): string | null {
    this.settle(timestamp);
    const account = this.accounts.get(accountId);
    if (account === undefined || account.balance < amount) {
      return null;
    }
    account.change(timestamp, -amount);
    account.outgoing += amount;
    // Numbered across all accounts; refused payments never get here, so they use up no number.
    const paymentId = `payment${this.payments.size + 1}`;
    const payment = new Payment(account, amount, timestamp + CASHBACK_DELAY);
    this.payments.set(paymentId, payment);
    this.pending.push(payment);
    return paymentId;
  }

  getPaymentStatus(timestamp: number, accountId: string, payment: string): string | null {
    this.settle(timestamp);
    const account = this.accounts.get(accountId);
    const record = this.payments.get(payment);
    if (account === undefined || record === undefined || record.owner !== account) {
      return null;
    }
    return record.received ? 'CASHBACK_RECEIVED' : 'IN_PROGRESS';
  }

  // Level 4

  mergeAccounts(timestamp: number, accountId1: string, accountId2: string): boolean {
    this.settle(timestamp);
    const first = this.accounts.get(accountId1);
    const second = this.accounts.get(accountId2);
    if (first === undefined || second === undefined || first === second) {
      return false;
    }
    first.change(timestamp, second.balance);
    first.outgoing += second.outgoing;
    for (const record of this.payments.values()) {
      if (record.owner === second) {
        record.owner = first;
      }
    }
    // The old account keeps its history (for getBalance) but no longer holds the id.
    second.closedAt = timestamp;
    this.accounts.delete(accountId2);
    return true;
  }

  getBalance(timestamp: number, accountId: string, timeAt: number): number | null {
    this.settle(timestamp);
    // The account that held the id at timeAt is the latest one created at or before it.
    const account = (this.lives.get(accountId) ?? []).findLast((life) => life.createdAt <= timeAt);
    return account === undefined ? null : account.balanceAt(timeAt);
  }
}
