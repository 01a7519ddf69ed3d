// Reference solution for the warehouse inventory, all four levels (graded as WarehouseImpl.java).
//
// No method says @Override: the same file is graded against the interface of every level, and at
// level 1 the interface does not declare the methods of levels 2-4 yet.

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class WarehouseImpl implements Warehouse {
    private static final long NEVER = Long.MAX_VALUE; // the expiry of units that never expire

    /** One sku: its units grouped by expiry time, and its quantity after every change. */
    private static final class Item {
        final String sku;
        int quantity;
        final TreeMap<Long, Integer> units = new TreeMap<>(); // expiry time -> units in stock, soonest first
        final List<Integer> times = new ArrayList<>(); // history: when the quantity changed...
        final List<Integer> quantities = new ArrayList<>(); // ...and what it became

        Item(String sku) {
            this.sku = sku;
        }

        void record(int time) {
            times.add(time);
            quantities.add(quantity);
        }

        /** Drop the units whose expiry time is at or before timestamp, each at its own time. */
        void expire(int timestamp) {
            while (!units.isEmpty() && units.firstKey() <= timestamp) {
                Map.Entry<Long, Integer> expired = units.pollFirstEntry();
                quantity -= expired.getValue();
                record((int) (long) expired.getKey());
            }
        }

        void add(int count, long expiry) {
            units.merge(expiry, count, Integer::sum);
            quantity += count;
        }

        /** Remove quantity units, soonest expiry first; return what was taken from each expiry. */
        Map<Long, Integer> take(int quantity) {
            Map<Long, Integer> taken = new HashMap<>();
            int left = quantity;
            while (left > 0) {
                Map.Entry<Long, Integer> soonest = units.firstEntry();
                int count = Math.min(left, soonest.getValue());
                taken.put(soonest.getKey(), count);
                if (count == soonest.getValue()) {
                    units.pollFirstEntry();
                } else {
                    units.put(soonest.getKey(), soonest.getValue() - count);
                }
                left -= count;
                this.quantity -= count;
            }
            return taken;
        }

        int quantityAt(int timeAt) {
            // Binary search for the first change after timeAt: the one before it is the quantity then.
            int low = 0;
            int high = times.size();
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (times.get(middle) <= timeAt) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low > 0 ? quantities.get(low - 1) : 0;
        }
    }

    /** An open order: the item it reserved from, and how many units of each expiry time. */
    private record Order(Item item, Map<Long, Integer> taken) {}

    private final Map<String, Item> items = new HashMap<>();
    private final Map<String, Order> orders = new HashMap<>(); // open orders only
    private int placed;

    // -- helpers ---------------------------------------------------------------

    /** The item as it is at timestamp: what expired by then is gone. */
    private Item item(int timestamp, String sku) {
        Item item = items.computeIfAbsent(sku, Item::new);
        item.expire(timestamp);
        return item;
    }

    private Integer add(int timestamp, String sku, int quantity, long expiry) {
        if (quantity <= 0 || expiry <= timestamp) {
            return null;
        }
        Item item = item(timestamp, sku);
        item.add(quantity, expiry);
        item.record(timestamp);
        return item.quantity;
    }

    private Order remove(int timestamp, String sku, int quantity) {
        Item item = item(timestamp, sku);
        if (quantity <= 0 || item.quantity < quantity) {
            return null;
        }
        Map<Long, Integer> taken = item.take(quantity);
        item.record(timestamp);
        return new Order(item, taken);
    }

    // -- level 1 ---------------------------------------------------------------

    public Integer stock(int timestamp, String sku, int quantity) {
        return add(timestamp, sku, quantity, NEVER);
    }

    public Integer ship(int timestamp, String sku, int quantity) {
        Order removed = remove(timestamp, sku, quantity);
        return removed == null ? null : removed.item().quantity;
    }

    public int getQuantity(int timestamp, String sku) {
        return item(timestamp, sku).quantity;
    }

    // -- level 2 ---------------------------------------------------------------

    public List<String> findByPrefix(int timestamp, String prefix, int n) {
        List<Item> matching = new ArrayList<>();
        for (String sku : items.keySet()) {
            if (sku.startsWith(prefix)) {
                Item item = item(timestamp, sku);
                if (item.quantity > 0) {
                    matching.add(item);
                }
            }
        }
        matching.sort(Comparator.comparingInt((Item item) -> -item.quantity).thenComparing(item -> item.sku));
        List<String> found = new ArrayList<>();
        for (Item item : matching.subList(0, Math.min(n, matching.size()))) {
            found.add(item.sku + "(" + item.quantity + ")");
        }
        return found;
    }

    // -- level 3 ---------------------------------------------------------------

    public Integer stockBatch(int timestamp, String sku, int quantity, int expiresAt) {
        return add(timestamp, sku, quantity, expiresAt);
    }

    public List<String> getBatches(int timestamp, String sku) {
        List<String> batches = new ArrayList<>();
        for (Map.Entry<Long, Integer> entry : item(timestamp, sku).units.entrySet()) {
            String expiry = entry.getKey() == NEVER ? "never" : String.valueOf(entry.getKey());
            batches.add(expiry + "(" + entry.getValue() + ")");
        }
        return batches;
    }

    // -- level 4 ---------------------------------------------------------------

    public String placeOrder(int timestamp, String sku, int quantity) {
        Order order = remove(timestamp, sku, quantity);
        if (order == null) {
            return null;
        }
        placed++;
        String orderId = "order" + placed;
        orders.put(orderId, order);
        return orderId;
    }

    public Integer cancelOrder(int timestamp, String orderId) {
        Order order = orders.remove(orderId);
        if (order == null) {
            return null;
        }
        Item item = order.item();
        item.expire(timestamp);
        for (Map.Entry<Long, Integer> part : order.taken().entrySet()) {
            if (part.getKey() > timestamp) { // units that expired while reserved do not come back
                item.add(part.getValue(), part.getKey());
            }
        }
        item.record(timestamp);
        return item.quantity;
    }

    public int getQuantityAt(int timestamp, String sku, int timeAt) {
        return item(timestamp, sku).quantityAt(timeAt);
    }
}
