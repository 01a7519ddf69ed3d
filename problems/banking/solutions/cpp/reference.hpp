// Reference solution for the banking system: all four levels, in every variant.
//
// Level 3 comes in three variants, and level 4 follows each: cashback (the levels as written:
// pay, get_payment_status), scheduled (schedule_payment, cancel_payment) and accept
// (offer_transfer, accept_transfer). A session calls one variant's methods only; merge_accounts
// and get_balance serve all three.
//
// No `override`: a submit at level N compiles against the interface of levels 1..N only, and
// `override` on a later level's method would not compile there. The methods still override.
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <iterator>
#include <optional>
#include <queue>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "banking_system.hpp"

class BankingSystemImpl : public BankingSystem {
public:
    // Level 1

    bool create_account(long long timestamp, const std::string& account_id) {
        settle(timestamp);
        if (accounts_.count(account_id) > 0) {
            return false;
        }
        Account* account = &every_account_.emplace_back(account_id, timestamp);
        accounts_[account_id] = account;
        lives_[account_id].push_back(account);
        return true;
    }

    std::optional<long long> deposit(long long timestamp, const std::string& account_id, long long amount) {
        settle(timestamp);
        Account* account = find(account_id);
        if (account == nullptr) {
            return std::nullopt;
        }
        account->change(timestamp, amount);
        return account->balance;
    }

    std::optional<long long> transfer(long long timestamp, const std::string& source_account_id,
                                      const std::string& target_account_id, long long amount) {
        settle(timestamp);
        Account* source = find(source_account_id);
        Account* target = find(target_account_id);
        if (source == nullptr || target == nullptr || source == target || source->balance < amount) {
            return std::nullopt;
        }
        source->change(timestamp, -amount);
        target->change(timestamp, amount);
        source->outgoing += amount;
        return source->balance;
    }

    // Level 2

    std::vector<std::string> top_spenders(long long timestamp, long long n) {
        settle(timestamp);
        std::vector<const Account*> ranked;
        for (const auto& [id, account] : accounts_) {
            ranked.push_back(account);
        }
        std::sort(ranked.begin(), ranked.end(), [](const Account* a, const Account* b) {
            return std::make_pair(-a->outgoing, a->id) < std::make_pair(-b->outgoing, b->id);
        });
        std::vector<std::string> out;
        for (const Account* account : ranked) {
            if (static_cast<long long>(out.size()) >= n) {
                break;
            }
            out.push_back(account->id + "(" + std::to_string(account->outgoing) + ")");
        }
        return out;
    }

    // Level 3, variant cashback

    std::optional<std::string> pay(long long timestamp, const std::string& account_id, long long amount) {
        settle(timestamp);
        Account* account = find(account_id);
        if (account == nullptr || account->balance < amount) {
            return std::nullopt;
        }
        account->change(timestamp, -amount);
        account->outgoing += amount;
        long long number = static_cast<long long>(payments_.size()) + 1;
        std::string payment_id = "payment" + std::to_string(number);
        long long due = timestamp + CASHBACK_DELAY;
        payments_.emplace(payment_id, Payment{account, amount * CASHBACK_PERCENT / 100, due, false});
        pending_.emplace(due, made_++, Kind::cashback, payment_id);
        return payment_id;
    }

    std::optional<std::string> get_payment_status(long long timestamp, const std::string& account_id,
                                                  const std::string& payment) {
        settle(timestamp);
        Account* account = find(account_id);
        auto record = payments_.find(payment);
        if (account == nullptr || record == payments_.end() || record->second.owner != account) {
            return std::nullopt;
        }
        return std::string(record->second.received ? "CASHBACK_RECEIVED" : "IN_PROGRESS");
    }

    // Level 3, variant scheduled

    std::optional<std::string> schedule_payment(long long timestamp, const std::string& account_id, long long amount,
                                                long long delay) {
        settle(timestamp);
        Account* account = find(account_id);
        if (account == nullptr) {
            return std::nullopt;
        }
        std::string payment_id = "payment" + std::to_string(scheduled_.size() + 1);
        scheduled_.emplace(payment_id, ScheduledPayment{account, amount, Scheduled::waiting});
        pending_.emplace(timestamp + delay, made_++, Kind::scheduled_payment, payment_id);
        return payment_id;
    }

    bool cancel_payment(long long timestamp, const std::string& account_id, const std::string& payment_id) {
        settle(timestamp);  // a payment due now has been handled: too late to cancel
        Account* account = find(account_id);
        auto payment = scheduled_.find(payment_id);
        if (account == nullptr || payment == scheduled_.end() || payment->second.owner != account ||
            payment->second.state != Scheduled::waiting) {
            return false;
        }
        payment->second.state = Scheduled::cancelled;
        return true;
    }

    // Level 3, variant accept

    std::optional<std::string> offer_transfer(long long timestamp, const std::string& source_account_id,
                                              const std::string& target_account_id, long long amount) {
        settle(timestamp);
        Account* source = find(source_account_id);
        Account* target = find(target_account_id);
        if (source == nullptr || target == nullptr || source == target || amount > source->balance) {
            return std::nullopt;
        }
        source->change(timestamp, -amount);  // held: out of the balance until accepted or expired
        std::string transfer_id = "transfer" + std::to_string(offers_.size() + 1);
        offers_.emplace(transfer_id, Offer{source, target, amount, Offered::pending});
        pending_.emplace(timestamp + OFFER_LIFETIME, made_++, Kind::offer_expiry, transfer_id);
        return transfer_id;
    }

    bool accept_transfer(long long timestamp, const std::string& account_id, const std::string& transfer_id) {
        settle(timestamp);  // an offer expiring now has expired
        Account* account = find(account_id);
        auto offer = offers_.find(transfer_id);
        if (account == nullptr || offer == offers_.end() || offer->second.target != account ||
            offer->second.state != Offered::pending) {
            return false;
        }
        offer->second.state = Offered::accepted;
        account->change(timestamp, offer->second.amount);
        offer->second.source->outgoing += offer->second.amount;
        return true;
    }

    // Level 4

    bool merge_accounts(long long timestamp, const std::string& account_id_1, const std::string& account_id_2) {
        settle(timestamp);
        Account* first = find(account_id_1);
        Account* second = find(account_id_2);
        if (first == nullptr || second == nullptr || first == second) {
            return false;
        }
        first->change(timestamp, second->balance);
        first->outgoing += second->outgoing;
        for (auto& [id, record] : payments_) {
            if (record.owner == second) {
                record.owner = first;  // status queries and pending cashback follow the survivor
            }
        }
        for (auto& [id, payment] : scheduled_) {
            if (payment.owner == second) {
                payment.owner = first;  // waiting payments are now carried out from the survivor
            }
        }
        // Hash order is arbitrary, but each offer is handled on its own: the order does not matter.
        for (auto& [id, offer] : offers_) {
            if (offer.source == second) {
                offer.source = first;
            }
            if (offer.target == second) {
                offer.target = first;
            }
            if (offer.state == Offered::pending && offer.source == offer.target) {
                offer.state = Offered::withdrawn;  // an offer between the two: its hold is the survivor's again
                first->change(timestamp, offer.amount);
            }
        }
        second->closed_at = timestamp;
        accounts_.erase(account_id_2);
        return true;
    }

    std::optional<long long> get_balance(long long timestamp, const std::string& account_id, long long time_at) {
        settle(timestamp);
        auto lives = lives_.find(account_id);
        if (lives == lives_.end()) {
            return std::nullopt;
        }
        // The latest account created under this id at or before time_at is the one that held it then.
        for (auto life = lives->second.rbegin(); life != lives->second.rend(); ++life) {
            if ((*life)->created_at <= time_at) {
                return (*life)->balance_at(time_at);
            }
        }
        return std::nullopt;
    }

private:
    static constexpr long long CASHBACK_DELAY = 86400000;  // 24 hours in milliseconds
    static constexpr long long CASHBACK_PERCENT = 2;
    static constexpr long long OFFER_LIFETIME = 86400000;  // an offered transfer expires 24 hours after it is made

    // One account's life: balance, outgoing total and its balance after every change.
    struct Account {
        Account(std::string account_id, long long created) : id(std::move(account_id)), created_at(created) {
            history.emplace_back(created, 0);
        }

        void change(long long timestamp, long long delta) {
            balance += delta;
            history.emplace_back(timestamp, balance);
        }

        std::optional<long long> balance_at(long long time_at) const {
            if (time_at < created_at || (closed_at && time_at >= *closed_at)) {
                return std::nullopt;
            }
            // The last change at or before time_at: every operation at time_at itself counts.
            auto after = std::upper_bound(history.begin(), history.end(), time_at,
                                          [](long long time, const auto& change) { return time < change.first; });
            return std::prev(after)->second;
        }

        std::string id;
        long long balance = 0;
        long long outgoing = 0;
        long long created_at;
        std::optional<long long> closed_at;  // set when merged into another account
        std::vector<std::pair<long long, long long>> history;  // (timestamp, balance after the change)
    };

    // Variant cashback: a payment, whose cashback is credited when due.
    struct Payment {
        Account* owner;
        long long cashback;
        long long due;
        bool received;
    };

    // Variant scheduled: a payment carried out when due, if the balance allows.
    enum class Scheduled { waiting, done, skipped, cancelled };
    struct ScheduledPayment {
        Account* owner;  // changes on a merge: the survivor pays
        long long amount;
        Scheduled state;
    };

    // Variant accept: an offered transfer, its amount held from the source until accepted or expired.
    enum class Offered { pending, accepted, expired, withdrawn };  // withdrawn: by a merge
    struct Offer {
        Account* source;
        Account* target;
        long long amount;
        Offered state;
    };

    Account* find(const std::string& account_id) const {
        auto found = accounts_.find(account_id);
        return found == accounts_.end() ? nullptr : found->second;
    }

    // Let everything due at or before timestamp happen: in due order, ties in the order made.
    void settle(long long timestamp) {
        while (!pending_.empty() && std::get<0>(pending_.top()) <= timestamp) {
            auto [due, order, kind, id] = pending_.top();
            pending_.pop();
            if (kind == Kind::cashback) {
                Payment& payment = payments_.at(id);
                payment.owner->change(due, payment.cashback);
                payment.received = true;
            } else if (kind == Kind::scheduled_payment) {
                carry_out(scheduled_.at(id), due);
            } else {
                expire(offers_.at(id), due);
            }
        }
    }

    static void carry_out(ScheduledPayment& payment, long long due) {
        if (payment.state != Scheduled::waiting) {
            return;  // cancelled
        }
        if (payment.owner->balance < payment.amount) {
            payment.state = Scheduled::skipped;
            return;
        }
        payment.owner->change(due, -payment.amount);
        payment.owner->outgoing += payment.amount;
        payment.state = Scheduled::done;
    }

    static void expire(Offer& offer, long long due) {
        if (offer.state == Offered::pending) {
            offer.source->change(due, offer.amount);  // the hold goes back
            offer.state = Offered::expired;
        }
    }

    std::deque<Account> every_account_;  // a deque never moves what it holds: the pointers below stay valid
    std::unordered_map<std::string, Account*> accounts_;  // the accounts that exist now
    std::unordered_map<std::string, std::vector<Account*>> lives_;  // every account ever created under an id
    std::unordered_map<std::string, Payment> payments_;
    std::unordered_map<std::string, ScheduledPayment> scheduled_;
    std::unordered_map<std::string, Offer> offers_;
    // Every record yet to come due: (due, order made, what it is, its id in payments_, scheduled_
    // or offers_); the earliest first, ties in the order made.
    enum class Kind { cashback, scheduled_payment, offer_expiry };
    using Due = std::tuple<long long, long long, Kind, std::string>;
    std::priority_queue<Due, std::vector<Due>, std::greater<Due>> pending_;
    long long made_ = 0;
};
