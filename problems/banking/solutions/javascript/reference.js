'use strict';

// Reference solution for the banking system: all four levels, in every variant.
//
// Level 3 comes in three variants, and level 4 follows each: cashback (the levels as written:
// pay, getPaymentStatus), scheduled (schedulePayment, cancelPayment) and accept (offerTransfer,
// acceptTransfer). A session calls one variant's methods only; mergeAccounts and getBalance
// serve all three.

const { BankingSystem } = require('./banking-system');

const CASHBACK_DELAY = 86_400_000; // 24 hours in milliseconds
const CASHBACK_PERCENT = 2;
const OFFER_LIFETIME = 86_400_000; // an offered transfer expires 24 hours after it is made

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

// Each kind of record below has a `due` time and `comeDue()`, what happens then.

// Variant cashback: a payment, whose cashback is credited when due.
class Payment {
  constructor(owner, amount, due) {
    this.owner = owner; // changes on a merge: status and pending cashback follow the survivor
    this.cashback = Math.floor((amount * CASHBACK_PERCENT) / 100);
    this.due = due;
    this.received = false;
  }

  comeDue() {
    this.owner.change(this.due, this.cashback);
    this.received = true;
  }
}

// Variant scheduled: a payment carried out when due, if the balance allows.
class ScheduledPayment {
  constructor(owner, amount, due) {
    this.owner = owner; // changes on a merge: the survivor pays
    this.amount = amount;
    this.due = due;
    this.state = 'waiting'; // then 'done', 'skipped' or 'cancelled'
  }

  comeDue() {
    if (this.state !== 'waiting') {
      return; // cancelled
    }
    if (this.owner.balance < this.amount) {
      this.state = 'skipped';
      return;
    }
    this.owner.change(this.due, -this.amount);
    this.owner.outgoing += this.amount;
    this.state = 'done';
  }
}

// Variant accept: an offered transfer, its amount held from the source until accepted or expired.
class Offer {
  constructor(source, target, amount, due) {
    this.source = source;
    this.target = target;
    this.amount = amount;
    this.due = due; // when it expires
    this.state = 'pending'; // then 'accepted', 'expired' or 'withdrawn' (by a merge)
  }

  comeDue() {
    if (this.state === 'pending') {
      this.source.change(this.due, this.amount); // the hold goes back
      this.state = 'expired';
    }
  }
}

class BankingSystemImpl extends BankingSystem {
  constructor() {
    super();
    this.accounts = new Map(); // id -> Account, the accounts that exist now
    this.lives = new Map(); // id -> every Account ever created under it, oldest first
    this.payments = new Map(); // "payment<N>" -> Payment
    this.scheduled = new Map(); // "payment<N>" -> ScheduledPayment
    this.offers = new Map(); // "transfer<N>" -> Offer
    // Every record yet to come due, in due order, those due at the same time in the order they
    // were made; consumed from `nextDue`.
    this.pending = [];
    this.nextDue = 0;
  }

  #atDue(record) {
    // Insert after every record due at or before it, so equal due times keep the order made.
    let low = this.nextDue;
    let high = this.pending.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.pending[middle].due <= record.due) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    this.pending.splice(low, 0, record);
  }

  // Let everything due at or before `timestamp` happen, before the call does anything else.
  #settle(timestamp) {
    while (this.nextDue < this.pending.length && this.pending[this.nextDue].due <= timestamp) {
      const record = this.pending[this.nextDue];
      this.nextDue += 1;
      record.comeDue();
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

  // Level 3, variant cashback

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
    this.#atDue(payment);
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

  // Level 3, variant scheduled

  schedulePayment(timestamp, accountId, amount, delay) {
    this.#settle(timestamp);
    const account = this.accounts.get(accountId);
    if (account === undefined) {
      return null;
    }
    const paymentId = `payment${this.scheduled.size + 1}`;
    const scheduled = new ScheduledPayment(account, amount, timestamp + delay);
    this.scheduled.set(paymentId, scheduled);
    this.#atDue(scheduled);
    return paymentId;
  }

  cancelPayment(timestamp, accountId, paymentId) {
    this.#settle(timestamp); // a payment due now has been handled: too late to cancel
    const account = this.accounts.get(accountId);
    const scheduled = this.scheduled.get(paymentId);
    if (account === undefined || scheduled === undefined || scheduled.owner !== account || scheduled.state !== 'waiting') {
      return false;
    }
    scheduled.state = 'cancelled';
    return true;
  }

  // Level 3, variant accept

  offerTransfer(timestamp, sourceAccountId, targetAccountId, amount) {
    this.#settle(timestamp);
    const source = this.accounts.get(sourceAccountId);
    const target = this.accounts.get(targetAccountId);
    if (source === undefined || target === undefined || source === target || amount > source.balance) {
      return null;
    }
    source.change(timestamp, -amount); // held: out of the balance until accepted or expired
    const transferId = `transfer${this.offers.size + 1}`;
    const offer = new Offer(source, target, amount, timestamp + OFFER_LIFETIME);
    this.offers.set(transferId, offer);
    this.#atDue(offer);
    return transferId;
  }

  acceptTransfer(timestamp, accountId, transferId) {
    this.#settle(timestamp); // an offer expiring now has expired
    const account = this.accounts.get(accountId);
    const offer = this.offers.get(transferId);
    if (account === undefined || offer === undefined || offer.target !== account || offer.state !== 'pending') {
      return false;
    }
    offer.state = 'accepted';
    account.change(timestamp, offer.amount);
    offer.source.outgoing += offer.amount;
    return true;
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
    for (const scheduled of this.scheduled.values()) {
      if (scheduled.owner === second) {
        scheduled.owner = first; // waiting payments are now carried out from the survivor
      }
    }
    for (const offer of this.offers.values()) {
      if (offer.source === second) {
        offer.source = first;
      }
      if (offer.target === second) {
        offer.target = first;
      }
      if (offer.state === 'pending' && offer.source === offer.target) {
        offer.state = 'withdrawn'; // an offer between the two: its hold is the survivor's again
        first.change(timestamp, offer.amount);
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
