'use strict';

// Reference solution for the banking system, all four levels.

const { BankingSystem } = require('./banking-system');

const CASHBACK_DELAY = 86_400_000; // 24 hours in milliseconds
const CASHBACK_PERCENT = 2;

// Python's sorted() orders strings by code point; for the ASCII ids of this problem the plain
// < / > comparison (UTF-16 code units) agrees with it, whereas localeCompare depends on the locale.
const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// One account's life: balance, outgoing total and its balance history.
class Account {
  constructor(id, createdAt) {
    this.id = id;
    this.balance = 0;
    this.outgoing = 0;
    this.createdAt = createdAt;
    this.closedAt = null; // set when merged into another account
    // The balance after every change, in time order (timestamps only increase), for getBalance.
    this.times = [createdAt];
    this.balances = [0];
  }

  change(timestamp, delta) {
    this.balance += delta;
    this.times.push(timestamp);
    this.balances.push(this.balance);
  }

  balanceAt(timeAt) {
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
  constructor(owner, amount, due) {
    this.owner = owner; // changes on a merge: status and pending cashback follow the survivor
    this.cashback = Math.floor((amount * CASHBACK_PERCENT) / 100);
    this.due = due;
    this.received = false;
  }
}

class BankingSystemImpl extends BankingSystem {
  constructor() {
    super();
    this.accounts = new Map(); // id -> Account, the accounts that exist now
    this.lives = new Map(); // id -> every Account ever created under it, oldest first
    this.payments = new Map(); // "payment<N>" -> Payment
    // Payments waiting for cashback. Every payment waits the same delay and payments come at
    // increasing timestamps, so this is already in due order: a queue, consumed from `nextDue`.
    this.pending = [];
    this.nextDue = 0;
  }

  // Credit every cashback due at or before `timestamp`, before the call does anything else.
  #settle(timestamp) {
    while (this.nextDue < this.pending.length && this.pending[this.nextDue].due <= timestamp) {
      const payment = this.pending[this.nextDue];
      this.nextDue += 1;
      payment.owner.change(payment.due, payment.cashback);
      payment.received = true;
    }
  }

  // Level 1

  createAccount(timestamp, accountId) {
    this.#settle(timestamp);
    if (this.accounts.has(accountId)) {
      return false;
    }
    const account = new Account(accountId, timestamp);
    this.accounts.set(accountId, account);
    if (!this.lives.has(accountId)) {
      this.lives.set(accountId, []);
    }
    this.lives.get(accountId).push(account);
    return true;
  }

  deposit(timestamp, accountId, amount) {
    this.#settle(timestamp);
    const account = this.accounts.get(accountId);
    if (account === undefined) {
      return null;
    }
    account.change(timestamp, amount);
    return account.balance;
  }

  transfer(timestamp, sourceAccountId, targetAccountId, amount) {
    this.#settle(timestamp);
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

  topSpenders(timestamp, n) {
    this.#settle(timestamp);
    return [...this.accounts.values()]
      .sort((a, b) => b.outgoing - a.outgoing || compareStrings(a.id, b.id))
      .slice(0, n)
      .map((account) => `${account.id}(${account.outgoing})`);
  }

  // Level 3

  pay(timestamp, accountId, amount) {
    this.#settle(timestamp);
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

  getPaymentStatus(timestamp, accountId, payment) {
    this.#settle(timestamp);
    const account = this.accounts.get(accountId);
    const record = this.payments.get(payment);
    if (account === undefined || record === undefined || record.owner !== account) {
      return null;
    }
    return record.received ? 'CASHBACK_RECEIVED' : 'IN_PROGRESS';
  }

  // Level 4

  mergeAccounts(timestamp, accountId1, accountId2) {
    this.#settle(timestamp);
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

  getBalance(timestamp, accountId, timeAt) {
    this.#settle(timestamp);
    // The account that held the id at timeAt is the latest one created at or before it.
    const account = (this.lives.get(accountId) ?? []).findLast((life) => life.createdAt <= timeAt);
    return account === undefined ? null : account.balanceAt(timeAt);
  }
}

module.exports = { BankingSystemImpl };
