'use strict';

// Reference solution for the warehouse inventory, all four levels.

const { Warehouse } = require('./warehouse');

const NEVER = Infinity; // the expiry of units that never expire: later than every real one

// Skus compare by character code; for the ASCII skus of this problem the plain < / > comparison
// (UTF-16 code units) agrees with it, whereas localeCompare depends on the locale.
const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// The first index of the sorted array whose value is greater than `value`.
function upperBound(sorted, value) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= value) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

// One sku: its units grouped by expiry time, and its quantity after every change.
class Item {
  constructor(sku) {
    this.sku = sku;
    this.quantity = 0;
    this.expiries = []; // expiry times that hold units, soonest first
    this.units = new Map(); // expiry time -> units in stock
    this.times = []; // history: when the quantity changed...
    this.quantities = []; // ...and what it became
  }

  record(time) {
    this.times.push(time);
    this.quantities.push(this.quantity);
  }

  // Drop the units whose expiry time is at or before `timestamp`, each at its own time.
  expire(timestamp) {
    while (this.expiries.length > 0 && this.expiries[0] <= timestamp) {
      const expiry = this.expiries.shift();
      this.quantity -= this.units.get(expiry);
      this.units.delete(expiry);
      this.record(expiry);
    }
  }

  add(units, expiry) {
    if (!this.units.has(expiry)) {
      this.expiries.splice(upperBound(this.expiries, expiry), 0, expiry);
      this.units.set(expiry, 0);
    }
    this.units.set(expiry, this.units.get(expiry) + units);
    this.quantity += units;
  }

  // Remove `quantity` units, soonest expiry first; return [expiry, units] for each expiry used.
  take(quantity) {
    const taken = [];
    let left = quantity;
    while (left > 0) {
      const expiry = this.expiries[0];
      const units = Math.min(left, this.units.get(expiry));
      taken.push([expiry, units]);
      this.units.set(expiry, this.units.get(expiry) - units);
      if (this.units.get(expiry) === 0) {
        this.units.delete(expiry);
        this.expiries.shift();
      }
      left -= units;
      this.quantity -= units;
    }
    return taken;
  }

  quantityAt(timeAt) {
    const index = upperBound(this.times, timeAt); // just after the last change at or before timeAt
    return index > 0 ? this.quantities[index - 1] : 0;
  }
}

class WarehouseImpl extends Warehouse {
  constructor() {
    super();
    this.items = new Map(); // sku -> Item
    this.orders = new Map(); // open orders only: id -> { item, taken }
    this.placed = 0;
  }

  // The item as it is at `timestamp`: what expired by then is gone.
  #item(timestamp, sku) {
    let item = this.items.get(sku);
    if (item === undefined) {
      item = new Item(sku);
      this.items.set(sku, item);
    }
    item.expire(timestamp);
    return item;
  }

  #add(timestamp, sku, quantity, expiry) {
    if (quantity <= 0 || expiry <= timestamp) {
      return null;
    }
    const item = this.#item(timestamp, sku);
    item.add(quantity, expiry);
    item.record(timestamp);
    return item.quantity;
  }

  #remove(timestamp, sku, quantity) {
    const item = this.#item(timestamp, sku);
    if (quantity <= 0 || item.quantity < quantity) {
      return null;
    }
    const taken = item.take(quantity);
    item.record(timestamp);
    return { item, taken };
  }

  // Level 1

  stock(timestamp, sku, quantity) {
    return this.#add(timestamp, sku, quantity, NEVER);
  }

  ship(timestamp, sku, quantity) {
    const removed = this.#remove(timestamp, sku, quantity);
    return removed === null ? null : removed.item.quantity;
  }

  getQuantity(timestamp, sku) {
    return this.#item(timestamp, sku).quantity;
  }

  // Level 2

  findByPrefix(timestamp, prefix, n) {
    return [...this.items.keys()]
      .filter((sku) => sku.startsWith(prefix))
      .map((sku) => this.#item(timestamp, sku))
      .filter((item) => item.quantity > 0)
      .sort((a, b) => b.quantity - a.quantity || compareStrings(a.sku, b.sku))
      .slice(0, n)
      .map((item) => `${item.sku}(${item.quantity})`);
  }

  // Level 3

  stockBatch(timestamp, sku, quantity, expiresAt) {
    return this.#add(timestamp, sku, quantity, expiresAt);
  }

  getBatches(timestamp, sku) {
    const item = this.#item(timestamp, sku);
    return item.expiries.map((expiry) => `${expiry === NEVER ? 'never' : expiry}(${item.units.get(expiry)})`);
  }

  // Level 4

  placeOrder(timestamp, sku, quantity) {
    const removed = this.#remove(timestamp, sku, quantity);
    if (removed === null) {
      return null;
    }
    this.placed += 1;
    const orderId = `order${this.placed}`;
    this.orders.set(orderId, removed);
    return orderId;
  }

  cancelOrder(timestamp, orderId) {
    const order = this.orders.get(orderId);
    if (order === undefined) {
      return null;
    }
    this.orders.delete(orderId);
    const { item, taken } = order;
    item.expire(timestamp);
    for (const [expiry, units] of taken) {
      if (expiry > timestamp) {
        // units that expired while reserved do not come back
        item.add(units, expiry);
      }
    }
    item.record(timestamp);
    return item.quantity;
  }

  getQuantityAt(timestamp, sku, timeAt) {
    return this.#item(timestamp, sku).quantityAt(timeAt);
  }
}

module.exports = { WarehouseImpl };
