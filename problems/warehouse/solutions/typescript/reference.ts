// Reference solution for the warehouse inventory, all four levels.

import { Warehouse } from './warehouse';

const NEVER = Infinity; // the expiry of units that never expire: later than every real one

// Skus compare by character code; for the ASCII skus of this problem the plain < / > comparison
// (UTF-16 code units) agrees with it, whereas localeCompare depends on the locale.
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// The first index of the sorted array whose value is greater than `value`.
function upperBound(sorted: number[], value: number): number {
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

type Taken = Array<[expiry: number, units: number]>;

// One sku: its units grouped by expiry time, and its quantity after every change.
class Item {
  quantity = 0;
  readonly expiries: number[] = []; // expiry times that hold units, soonest first
  readonly units = new Map<number, number>(); // expiry time -> units in stock
  private readonly times: number[] = []; // history: when the quantity changed...
  private readonly quantities: number[] = []; // ...and what it became

  constructor(readonly sku: string) {}

  record(time: number): void {
    this.times.push(time);
    this.quantities.push(this.quantity);
  }

  // Drop the units whose expiry time is at or before `timestamp`, each at its own time.
  expire(timestamp: number): void {
    while (this.expiries.length > 0 && this.expiries[0] <= timestamp) {
      const expiry = this.expiries[0];
      this.expiries.shift();
      this.quantity -= this.unitsAt(expiry);
      this.units.delete(expiry);
      this.record(expiry);
    }
  }

  unitsAt(expiry: number): number {
    return this.units.get(expiry) ?? 0;
  }

  add(units: number, expiry: number): void {
    if (!this.units.has(expiry)) {
      this.expiries.splice(upperBound(this.expiries, expiry), 0, expiry);
    }
    this.units.set(expiry, this.unitsAt(expiry) + units);
    this.quantity += units;
  }

  // Remove `quantity` units, soonest expiry first; return [expiry, units] for each expiry used.
  take(quantity: number): Taken {
    const taken: Taken = [];
    let left = quantity;
    while (left > 0) {
      const expiry = this.expiries[0];
      const units = Math.min(left, this.unitsAt(expiry));
      taken.push([expiry, units]);
      this.units.set(expiry, this.unitsAt(expiry) - units);
      if (this.unitsAt(expiry) === 0) {
        this.units.delete(expiry);
        this.expiries.shift();
      }
      left -= units;
      this.quantity -= units;
    }
    return taken;
  }

  quantityAt(timeAt: number): number {
    const index = upperBound(this.times, timeAt); // just after the last change at or before timeAt
    return index > 0 ? this.quantities[index - 1] : 0;
  }
}

interface Order {
  item: Item;
  taken: Taken;
}

export class WarehouseImpl extends Warehouse {
  private readonly items = new Map<string, Item>();
  private readonly orders = new Map<string, Order>(); // open orders only
  private placed = 0;

  // The item as it is at `timestamp`: what expired by then is gone.
  private item(timestamp: number, sku: string): Item {
    let item = this.items.get(sku);
    if (item === undefined) {
      item = new Item(sku);
      this.items.set(sku, item);
    }
    item.expire(timestamp);
    return item;
  }

  private add(timestamp: number, sku: string, quantity: number, expiry: number): number | null {
    if (quantity <= 0 || expiry <= timestamp) {
      return null;
    }
    const item = this.item(timestamp, sku);
    item.add(quantity, expiry);
    item.record(timestamp);
    return item.quantity;
  }

  private remove(timestamp: number, sku: string, quantity: number): Order | null {
    const item = this.item(timestamp, sku);
    if (quantity <= 0 || item.quantity < quantity) {
      return null;
    }
    const taken = item.take(quantity);
    item.record(timestamp);
    return { item, taken };
  }

  // Level 1

  stock(timestamp: number, sku: string, quantity: number): number | null {
    return this.add(timestamp, sku, quantity, NEVER);
  }

  ship(timestamp: number, sku: string, quantity: number): number | null {
    const removed = this.remove(timestamp, sku, quantity);
    return removed === null ? null : removed.item.quantity;
  }

  getQuantity(timestamp: number, sku: string): number {
    return this.item(timestamp, sku).quantity;
  }

  // Level 2

  findByPrefix(timestamp: number, prefix: string, n: number): string[] {
    return [...this.items.keys()]
      .filter((sku) => sku.startsWith(prefix))
      .map((sku) => this.item(timestamp, sku))
      .filter((item) => item.quantity > 0)
      .sort((a, b) => b.quantity - a.quantity || compareStrings(a.sku, b.sku))
      .slice(0, n)
      .map((item) => `${item.sku}(${item.quantity})`);
  }

  // Level 3

  stockBatch(timestamp: number, sku: string, quantity: number, expiresAt: number): number | null {
    return this.add(timestamp, sku, quantity, expiresAt);
  }

  getBatches(timestamp: number, sku: string): string[] {
    const item = this.item(timestamp, sku);
    return item.expiries.map((expiry) => `${expiry === NEVER ? 'never' : expiry}(${item.unitsAt(expiry)})`);
  }

  // Level 4

  placeOrder(timestamp: number, sku: string, quantity: number): string | null {
    const removed = this.remove(timestamp, sku, quantity);
    if (removed === null) {
      return null;
    }
    this.placed += 1;
    const orderId = `order${this.placed}`;
    this.orders.set(orderId, removed);
    return orderId;
  }

  cancelOrder(timestamp: number, orderId: string): number | null {
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

  getQuantityAt(timestamp: number, sku: string, timeAt: number): number {
    return this.item(timestamp, sku).quantityAt(timeAt);
  }
}
