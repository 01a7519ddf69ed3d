// Reference solution for the warehouse inventory, all four levels.
//
// No `override`: a submit at level N compiles against the interface of levels 1..N only, and
// `override` on a later level's method would not compile there. The methods still override.
#pragma once

#include <algorithm>
#include <climits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "warehouse.hpp"

class WarehouseImpl : public Warehouse {
public:
    // Level 1

    std::optional<long long> stock(long long timestamp, const std::string& sku, long long quantity) {
        return add(timestamp, sku, quantity, NEVER);
    }

    std::optional<long long> ship(long long timestamp, const std::string& sku, long long quantity) {
        Item* removed_from = remove(timestamp, sku, quantity).first;
        if (removed_from == nullptr) {
            return std::nullopt;
        }
        return removed_from->quantity;
    }

    long long get_quantity(long long timestamp, const std::string& sku) {
        return item(timestamp, sku).quantity;
    }

    // Level 2

    std::vector<std::string> find_by_prefix(long long timestamp, const std::string& prefix, long long n) {
        std::vector<const Item*> matching;
        for (auto& [sku, found] : items_) {
            if (sku.compare(0, prefix.size(), prefix) == 0) {
                found.expire(timestamp);
                if (found.quantity > 0) {
                    matching.push_back(&found);
                }
            }
        }
        std::sort(matching.begin(), matching.end(), [](const Item* a, const Item* b) {
            return std::make_pair(-a->quantity, a->sku) < std::make_pair(-b->quantity, b->sku);
        });
        std::vector<std::string> out;
        for (const Item* found : matching) {
            if (static_cast<long long>(out.size()) >= n) {
                break;
            }
            out.push_back(found->sku + "(" + std::to_string(found->quantity) + ")");
        }
        return out;
    }

    // Level 3

    std::optional<long long> stock_batch(long long timestamp, const std::string& sku, long long quantity,
                                         long long expires_at) {
        return add(timestamp, sku, quantity, expires_at);
    }

    std::vector<std::string> get_batches(long long timestamp, const std::string& sku) {
        std::vector<std::string> out;
        for (const auto& [expiry, units] : item(timestamp, sku).units) {
            std::string when = expiry == NEVER ? "never" : std::to_string(expiry);
            out.push_back(when + "(" + std::to_string(units) + ")");
        }
        return out;
    }

    // Level 4

    std::optional<std::string> place_order(long long timestamp, const std::string& sku, long long quantity) {
        auto [reserved_from, taken] = remove(timestamp, sku, quantity);
        if (reserved_from == nullptr) {
            return std::nullopt;
        }
        ++placed_;
        std::string order_id = "order" + std::to_string(placed_);
        orders_[order_id] = Order{reserved_from, std::move(taken)};
        return order_id;
    }

    std::optional<long long> cancel_order(long long timestamp, const std::string& order_id) {
        auto open = orders_.find(order_id);
        if (open == orders_.end()) {
            return std::nullopt;
        }
        Order order = std::move(open->second);
        orders_.erase(open);
        order.item->expire(timestamp);
        for (const auto& [expiry, units] : order.taken) {
            if (expiry > timestamp) {  // units that expired while reserved do not come back
                order.item->add(units, expiry);
            }
        }
        order.item->record(timestamp);
        return order.item->quantity;
    }

    long long get_quantity_at(long long timestamp, const std::string& sku, long long time_at) {
        return item(timestamp, sku).quantity_at(time_at);
    }

private:
    static constexpr long long NEVER = LLONG_MAX;  // the expiry of units that never expire

    using Taken = std::vector<std::pair<long long, long long>>;  // (expiry time, units) an order took

    // One sku: its units grouped by expiry time, and its quantity after every change.
    struct Item {
        std::string sku;
        long long quantity = 0;
        std::map<long long, long long> units;  // expiry time -> units in stock, soonest first
        std::vector<std::pair<long long, long long>> history;  // (time, quantity after the change)

        void record(long long time) { history.emplace_back(time, quantity); }

        // Drop the units whose expiry time is at or before timestamp, each at its own time.
        void expire(long long timestamp) {
            while (!units.empty() && units.begin()->first <= timestamp) {
                auto [expiry, expired] = *units.begin();
                units.erase(units.begin());
                quantity -= expired;
                record(expiry);
            }
        }

        void add(long long count, long long expiry) {
            units[expiry] += count;
            quantity += count;
        }

        // Remove quantity units, soonest expiry first; say what was taken from each expiry time.
        Taken take(long long wanted) {
            Taken taken;
            while (wanted > 0) {
                auto soonest = units.begin();
                long long count = std::min(wanted, soonest->second);
                taken.emplace_back(soonest->first, count);
                soonest->second -= count;
                if (soonest->second == 0) {
                    units.erase(soonest);
                }
                wanted -= count;
                quantity -= count;
            }
            return taken;
        }

        long long quantity_at(long long time_at) const {
            // The first change after time_at: the one before it left the quantity at time_at.
            auto after = std::upper_bound(history.begin(), history.end(), time_at,
                                          [](long long time, const auto& change) { return time < change.first; });
            return after == history.begin() ? 0 : std::prev(after)->second;
        }
    };

    struct Order {
        Item* item;
        Taken taken;
    };

    // The item as it is at timestamp: what expired by then is gone.
    Item& item(long long timestamp, const std::string& sku) {
        auto [found, created] = items_.try_emplace(sku);
        if (created) {
            found->second.sku = sku;
        }
        found->second.expire(timestamp);
        return found->second;
    }

    std::optional<long long> add(long long timestamp, const std::string& sku, long long quantity, long long expiry) {
        if (quantity <= 0 || expiry <= timestamp) {
            return std::nullopt;
        }
        Item& stocked = item(timestamp, sku);
        stocked.add(quantity, expiry);
        stocked.record(timestamp);
        return stocked.quantity;
    }

    // The item the units were taken from and what was taken, or a null item when refused.
    std::pair<Item*, Taken> remove(long long timestamp, const std::string& sku, long long quantity) {
        Item& from = item(timestamp, sku);
        if (quantity <= 0 || from.quantity < quantity) {
            return {nullptr, {}};
        }
        Taken taken = from.take(quantity);
        from.record(timestamp);
        return {&from, std::move(taken)};
    }

    std::unordered_map<std::string, Item> items_;  // a node never moves: Item pointers stay valid
    std::unordered_map<std::string, Order> orders_;  // open orders only
    long long placed_ = 0;
};
