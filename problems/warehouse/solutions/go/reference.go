// Reference solution for the warehouse inventory, all four levels.
package warehouse

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// never is the expiry of units that never expire: later than every real one.
const never = math.MaxInt

// part is what an order took from one expiry time.
type part struct {
	expiry int
	units  int
}

// item is one sku: its units grouped by expiry time, and its quantity after every change.
type item struct {
	sku        string
	quantity   int
	expiries   []int       // expiry times that hold units, soonest first
	units      map[int]int // expiry time -> units in stock
	times      []int       // history: when the quantity changed...
	quantities []int       // ...and what it became
}

func newItem(sku string) *item {
	return &item{sku: sku, units: map[int]int{}}
}

func (it *item) record(time int) {
	it.times = append(it.times, time)
	it.quantities = append(it.quantities, it.quantity)
}

// expire drops the units whose expiry time is at or before timestamp, each at its own time.
func (it *item) expire(timestamp int) {
	for len(it.expiries) > 0 && it.expiries[0] <= timestamp {
		expiry := it.expiries[0]
		it.expiries = it.expiries[1:]
		it.quantity -= it.units[expiry]
		delete(it.units, expiry)
		it.record(expiry)
	}
}

func (it *item) add(units int, expiry int) {
	if _, held := it.units[expiry]; !held {
		at := sort.SearchInts(it.expiries, expiry)
		it.expiries = append(it.expiries, 0)
		copy(it.expiries[at+1:], it.expiries[at:])
		it.expiries[at] = expiry
	}
	it.units[expiry] += units
	it.quantity += units
}

// take removes quantity units, soonest expiry first, and says what it took from each expiry time.
func (it *item) take(quantity int) []part {
	var taken []part
	for left := quantity; left > 0; {
		expiry := it.expiries[0]
		units := it.units[expiry]
		if units > left {
			units = left
		}
		taken = append(taken, part{expiry, units})
		it.units[expiry] -= units
		if it.units[expiry] == 0 {
			delete(it.units, expiry)
			it.expiries = it.expiries[1:]
		}
		left -= units
		it.quantity -= units
	}
	return taken
}

func (it *item) quantityAt(timeAt int) int {
	// The first change after timeAt: the one before it left the quantity at timeAt.
	after := sort.Search(len(it.times), func(i int) bool { return it.times[i] > timeAt })
	if after == 0 {
		return 0
	}
	return it.quantities[after-1]
}

// order is an open order: the item it reserved from and what it took.
type order struct {
	item  *item
	taken []part
}

// WarehouseImpl keeps every item ever stocked or asked about, and the open orders.
type WarehouseImpl struct {
	items  map[string]*item
	orders map[string]*order
	placed int
}

// NewWarehouseImpl returns a warehouse with nothing in stock.
func NewWarehouseImpl() *WarehouseImpl {
	return &WarehouseImpl{items: map[string]*item{}, orders: map[string]*order{}}
}

// item returns the sku's item as it is at timestamp: what expired by then is gone.
func (w *WarehouseImpl) item(timestamp int, sku string) *item {
	it, ok := w.items[sku]
	if !ok {
		it = newItem(sku)
		w.items[sku] = it
	}
	it.expire(timestamp)
	return it
}

func (w *WarehouseImpl) add(timestamp int, sku string, quantity int, expiry int) *int {
	if quantity <= 0 || expiry <= timestamp {
		return nil
	}
	it := w.item(timestamp, sku)
	it.add(quantity, expiry)
	it.record(timestamp)
	left := it.quantity
	return &left
}

func (w *WarehouseImpl) remove(timestamp int, sku string, quantity int) *order {
	it := w.item(timestamp, sku)
	if quantity <= 0 || it.quantity < quantity {
		return nil
	}
	taken := it.take(quantity)
	it.record(timestamp)
	return &order{it, taken}
}

// Level 1

func (w *WarehouseImpl) Stock(timestamp int, sku string, quantity int) *int {
	return w.add(timestamp, sku, quantity, never)
}

func (w *WarehouseImpl) Ship(timestamp int, sku string, quantity int) *int {
	removed := w.remove(timestamp, sku, quantity)
	if removed == nil {
		return nil
	}
	left := removed.item.quantity
	return &left
}

func (w *WarehouseImpl) GetQuantity(timestamp int, sku string) int {
	return w.item(timestamp, sku).quantity
}

// Level 2

func (w *WarehouseImpl) FindByPrefix(timestamp int, prefix string, n int) []string {
	matching := []*item{}
	for sku := range w.items {
		if strings.HasPrefix(sku, prefix) {
			if it := w.item(timestamp, sku); it.quantity > 0 {
				matching = append(matching, it)
			}
		}
	}
	sort.Slice(matching, func(i, j int) bool {
		if matching[i].quantity != matching[j].quantity {
			return matching[i].quantity > matching[j].quantity
		}
		return matching[i].sku < matching[j].sku
	})
	if n < len(matching) {
		matching = matching[:n]
	}
	found := make([]string, len(matching))
	for i, it := range matching {
		found[i] = it.sku + "(" + strconv.Itoa(it.quantity) + ")"
	}
	return found
}

// Level 3

func (w *WarehouseImpl) StockBatch(timestamp int, sku string, quantity int, expiresAt int) *int {
	return w.add(timestamp, sku, quantity, expiresAt)
}

func (w *WarehouseImpl) GetBatches(timestamp int, sku string) []string {
	it := w.item(timestamp, sku)
	batches := make([]string, len(it.expiries))
	for i, expiry := range it.expiries {
		when := "never"
		if expiry != never {
			when = strconv.Itoa(expiry)
		}
		batches[i] = when + "(" + strconv.Itoa(it.units[expiry]) + ")"
	}
	return batches
}

// Level 4

func (w *WarehouseImpl) PlaceOrder(timestamp int, sku string, quantity int) *string {
	placedOrder := w.remove(timestamp, sku, quantity)
	if placedOrder == nil {
		return nil
	}
	w.placed++
	id := "order" + strconv.Itoa(w.placed)
	w.orders[id] = placedOrder
	return &id
}

func (w *WarehouseImpl) CancelOrder(timestamp int, orderID string) *int {
	cancelled, open := w.orders[orderID]
	if !open {
		return nil
	}
	delete(w.orders, orderID)
	it := cancelled.item
	it.expire(timestamp)
	for _, p := range cancelled.taken {
		if p.expiry > timestamp { // units that expired while reserved do not come back
			it.add(p.units, p.expiry)
		}
	}
	it.record(timestamp)
	left := it.quantity
	return &left
}

func (w *WarehouseImpl) GetQuantityAt(timestamp int, sku string, timeAt int) int {
	return w.item(timestamp, sku).quantityAt(timeAt)
}
