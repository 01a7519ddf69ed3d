// Reference solution: all four levels of the in-memory database.
//
// No `override`: a submit at level N compiles against the interface of levels 1..N only, and
// `override` on a later level's method would not compile there. The methods still override.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "in_memory_db.hpp"

class InMemoryDBImpl : public InMemoryDB {
public:
    // Level 1: the untimestamped calls are the timestamped ones without a clock.

    void set(const std::string& key, const std::string& field, const std::string& value) {
        write(key, field, Entry{value, std::nullopt});
    }

    std::optional<std::string> get(const std::string& key, const std::string& field) {
        return read(key, field, std::nullopt);
    }

    bool delete_(const std::string& key, const std::string& field) {
        return remove(key, field, std::nullopt);
    }

    // Level 2

    std::vector<std::string> scan(const std::string& key) {
        return list(key, "", std::nullopt);
    }

    std::vector<std::string> scan_by_prefix(const std::string& key, const std::string& prefix) {
        return list(key, prefix, std::nullopt);
    }

    // Level 3

    void set_at(const std::string& key, const std::string& field, const std::string& value, long long timestamp) {
        // A fresh entry without expiry: setting a field again drops whatever TTL it had.
        write(key, field, Entry{value, std::nullopt});
    }

    void set_at_with_ttl(const std::string& key, const std::string& field, const std::string& value, long long timestamp,
                         long long ttl) {
        write(key, field, Entry{value, timestamp + ttl});
    }

    bool delete_at(const std::string& key, const std::string& field, long long timestamp) {
        return remove(key, field, timestamp);
    }

    std::optional<std::string> get_at(const std::string& key, const std::string& field, long long timestamp) {
        return read(key, field, timestamp);
    }

    std::vector<std::string> scan_at(const std::string& key, long long timestamp) {
        return list(key, "", timestamp);
    }

    std::vector<std::string> scan_by_prefix_at(const std::string& key, const std::string& prefix, long long timestamp) {
        return list(key, prefix, timestamp);
    }

    // Level 4

    long long backup(long long timestamp) {
        // A backup keeps each field's remaining TTL rather than its expiry, because a restore
        // counts the remaining lifetime from its own timestamp.
        Snapshot snapshot;
        for (const auto& [key, fields] : records_) {
            std::map<std::string, Saved> saved;
            for (const auto& [name, entry] : fields) {
                if (entry.alive(timestamp)) {
                    std::optional<long long> remaining;
                    if (entry.expires_at) {
                        remaining = *entry.expires_at - timestamp;
                    }
                    saved.emplace(name, Saved{entry.value, remaining});
                }
            }
            // A record whose fields have all expired no longer exists: it is neither saved nor counted.
            if (!saved.empty()) {
                snapshot.emplace(key, std::move(saved));
            }
        }
        long long records = static_cast<long long>(snapshot.size());
        backups_.emplace_back(timestamp, std::move(snapshot));
        return records;
    }

    void restore(long long timestamp, long long timestamp_to_restore) {
        // Backups are kept in increasing timestamp order: the last one at or before wins.
        const Snapshot* chosen = nullptr;
        for (const auto& [taken_at, snapshot] : backups_) {
            if (taken_at <= timestamp_to_restore) {
                chosen = &snapshot;
            }
        }
        if (chosen == nullptr) {
            throw std::logic_error("no backup taken at or before " + std::to_string(timestamp_to_restore));
        }
        // Copied out, never moved: the same backup may be restored again.
        records_.clear();
        for (const auto& [key, saved] : *chosen) {
            auto& fields = records_[key];
            for (const auto& [name, kept] : saved) {
                std::optional<long long> expires_at;
                if (kept.remaining) {
                    expires_at = timestamp + *kept.remaining;
                }
                fields.emplace(name, Entry{kept.value, expires_at});
            }
        }
    }

private:
    struct Entry {
        std::string value;
        std::optional<long long> expires_at;  // the first timestamp at which the field is gone; none: never

        // No `now` means no clock: the untimestamped calls of levels 1-2 see every field.
        bool alive(std::optional<long long> now) const {
            return !now || !expires_at || *now < *expires_at;
        }
    };

    struct Saved {
        std::string value;
        std::optional<long long> remaining;  // TTL left when the backup was taken; none: no TTL
    };

    using Snapshot = std::map<std::string, std::map<std::string, Saved>>;

    void write(const std::string& key, const std::string& field, Entry entry) {
        records_[key][field] = std::move(entry);
    }

    std::optional<std::string> read(const std::string& key, const std::string& field, std::optional<long long> now) const {
        auto record = records_.find(key);
        if (record == records_.end()) {
            return std::nullopt;
        }
        auto found = record->second.find(field);
        if (found == record->second.end() || !found->second.alive(now)) {
            return std::nullopt;
        }
        return found->second.value;
    }

    bool remove(const std::string& key, const std::string& field, std::optional<long long> now) {
        auto record = records_.find(key);
        if (record == records_.end()) {
            return false;
        }
        auto found = record->second.find(field);
        // An expired field behaves as if it had never been set, so it cannot be deleted either.
        if (found == record->second.end() || !found->second.alive(now)) {
            return false;
        }
        record->second.erase(found);
        // A record exists only while it holds at least one field.
        if (record->second.empty()) {
            records_.erase(record);
        }
        return true;
    }

    std::vector<std::string> list(const std::string& key, const std::string& prefix, std::optional<long long> now) const {
        std::vector<std::string> out;
        auto record = records_.find(key);
        if (record == records_.end()) {
            return out;
        }
        // A std::map keeps the fields sorted by name, byte by byte: the order Python's sorted()
        // gives these names, uppercase before lowercase and "10" before "9".
        for (const auto& [name, entry] : record->second) {
            if (starts_with(name, prefix) && entry.alive(now)) {
                out.push_back(name + "(" + entry.value + ")");
            }
        }
        return out;
    }

    static bool starts_with(const std::string& text, const std::string& prefix) {
        return text.compare(0, prefix.size(), prefix) == 0;
    }

    std::unordered_map<std::string, std::map<std::string, Entry>> records_;
    std::vector<std::pair<long long, Snapshot>> backups_;  // in increasing timestamp order
};
