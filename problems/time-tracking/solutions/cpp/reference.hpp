// Reference solution for working hours, all four levels.
//
// No `override`: a submit at level N compiles against the interface of levels 1..N only, and
// `override` on a later level's method would not compile there. The methods still override.
// `register` is a C++ keyword, so the interface names that method `register_`.
#pragma once

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "time_tracker.hpp"

class TimeTrackerImpl : public TimeTracker {
public:
    // Level 1

    bool add_worker(const std::string& worker_id, const std::string& position, long long compensation) {
        if (workers_.count(worker_id) > 0 || compensation <= 0) {
            return false;
        }
        workers_.emplace(worker_id, Worker{worker_id, position, compensation});
        return true;
    }

    bool register_(const std::string& worker_id, long long timestamp) {
        Worker* worker = find(worker_id);
        if (worker == nullptr) {
            return false;
        }
        if (!worker->entered_at) {
            if (worker->pending) {  // a promotion takes effect as the worker comes in
                worker->position = worker->pending->first;
                worker->compensation = worker->pending->second;
                worker->pending.reset();
            }
            worker->entered_at = timestamp;
        } else {
            worker->sessions.push_back(Session{*worker->entered_at, timestamp, worker->compensation});
            worker->time_worked += timestamp - *worker->entered_at;
            worker->entered_at.reset();
        }
        return true;
    }

    std::optional<long long> get_time_worked(const std::string& worker_id) {
        const Worker* worker = find(worker_id);
        if (worker == nullptr) {
            return std::nullopt;
        }
        return worker->time_worked;
    }

    // Level 2

    std::vector<std::string> top_workers(long long n, const std::string& position) {
        std::vector<const Worker*> holders;
        for (const auto& [id, worker] : workers_) {
            if (worker.position == position) {
                holders.push_back(&worker);
            }
        }
        // std::string's < compares char by char, the order the spec asks for on ASCII ids.
        std::sort(holders.begin(), holders.end(), [](const Worker* a, const Worker* b) {
            return std::make_pair(-a->time_worked, a->id) < std::make_pair(-b->time_worked, b->id);
        });
        std::vector<std::string> ranked;
        for (const Worker* worker : holders) {
            if (static_cast<long long>(ranked.size()) >= n) {
                break;
            }
            ranked.push_back(worker->id + "(" + std::to_string(worker->time_worked) + ")");
        }
        return ranked;
    }

    // Level 3

    bool promote(const std::string& worker_id, const std::string& new_position, long long new_compensation) {
        Worker* worker = find(worker_id);
        if (worker == nullptr || worker->pending || new_compensation <= 0) {
            return false;
        }
        worker->pending = std::make_pair(new_position, new_compensation);
        return true;
    }

    std::optional<long long> get_salary(const std::string& worker_id, long long start, long long end) {
        const Worker* worker = find(worker_id);
        if (worker == nullptr) {
            return std::nullopt;
        }
        long long salary = 0;
        for (const Session& session : worker->sessions) {
            long long low = std::max(session.entry, start);
            long long high = std::min(session.exit, end);
            if (low < high) {
                // Every moment is paid once, and once more when it falls in a double-pay period.
                salary += session.compensation * (high - low + double_time(low, high));
            }
        }
        return salary;
    }

    // Level 4

    bool add_double_pay(long long start, long long end) {
        if (start >= end) {
            return false;
        }
        std::vector<std::pair<long long, long long>> merged;
        for (const auto& [period_start, period_end] : double_pay_) {
            if (period_end < start || end < period_start) {  // apart: keep as it is
                merged.emplace_back(period_start, period_end);
            } else {  // overlapping or touching: swallow it into the new period
                start = std::min(start, period_start);
                end = std::max(end, period_end);
            }
        }
        auto at = std::upper_bound(merged.begin(), merged.end(), std::make_pair(start, end));
        merged.insert(at, std::make_pair(start, end));
        double_pay_ = std::move(merged);
        return true;
    }

private:
    // A completed session, from entry (included) to exit (excluded), at the pay it started with.
    struct Session {
        long long entry;
        long long exit;
        long long compensation;
    };

    // One worker: what they hold now, a promotion waiting for their entry, and every session.
    struct Worker {
        std::string id;
        std::string position;
        long long compensation;
        std::optional<std::pair<std::string, long long>> pending;  // from the next entry on
        std::optional<long long> entered_at;  // set while the worker is inside
        // Level 4's double pay can reach back into any session, so a running salary total would not do.
        std::vector<Session> sessions;
        long long time_worked = 0;
    };

    Worker* find(const std::string& worker_id) {
        auto found = workers_.find(worker_id);
        return found == workers_.end() ? nullptr : &found->second;
    }

    // How much of [start, end) lies inside double-pay periods.
    long long double_time(long long start, long long end) const {
        long long covered = 0;
        // The periods are disjoint and sorted: begin at the last one starting at or before start.
        auto after = std::upper_bound(double_pay_.begin(), double_pay_.end(), start,
                                      [](long long time, const auto& period) { return time < period.first; });
        auto period = after == double_pay_.begin() ? after : std::prev(after);
        for (; period != double_pay_.end() && period->first < end; ++period) {
            covered += std::max(std::min(end, period->second) - std::max(start, period->first), 0LL);
        }
        return covered;
    }

    std::unordered_map<std::string, Worker> workers_;
    std::vector<std::pair<long long, long long>> double_pay_;  // merged, disjoint [start, end), by start
};
