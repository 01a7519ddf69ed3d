// Reference solution: all four levels of the in-memory database, level 4 in each of its variants
// (backup, transactions, compression): a session calls only its own variant's methods.
//
// No `override`: a submit at level N compiles against the interface of levels 1..N only (of its
// own variant), and `override` on a method it does not declare would not compile there. The
// methods still override.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "in_memory_db.hpp"

class InMemoryDBImpl : public InMemoryDB {
public:
    // Level 1: the untimestamped calls are the timestamped ones without a clock.

    void set(const std::string& key, const std::string& field, const std::string& value) {
        write(key, field, Entry{value, std::nullopt}, std::nullopt);
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
        write(key, field, Entry{value, std::nullopt}, timestamp);
    }

    void set_at_with_ttl(const std::string& key, const std::string& field, const std::string& value, long long timestamp,
                         long long ttl) {
        write(key, field, Entry{value, timestamp + ttl}, timestamp);
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

    // Level 4, backup variant (no compressed record ever meets a backup: they are different variants)

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

    // Level 4, transactions variant. Every call works on the live records, which hold the changes
    // of all open transactions. A copy of the records is a deep copy, and entries keep their expiry
    // moments, so a rollback brings each field back with its lifetime.

    long long begin(long long timestamp) {
        open_.push_back(records_);
        return static_cast<long long>(open_.size());
    }

    bool commit(long long timestamp) {
        // The changes are in the live records already. The parent's copy predates them, so a
        // rollback of the parent undoes them too: they have merged into it.
        if (open_.empty()) {
            return false;
        }
        open_.pop_back();
        return true;
    }

    bool rollback(long long timestamp) {
        if (open_.empty()) {
            return false;
        }
        records_ = std::move(open_.back());
        open_.pop_back();
        return true;
    }

    // Level 4, compression variant

    bool compress(long long timestamp, const std::string& key) {
        return store_record(key, timestamp, true);
    }

    bool decompress(long long timestamp, const std::string& key) {
        return store_record(key, timestamp, false);
    }

    std::optional<std::string> stored_value(long long timestamp, const std::string& key, const std::string& field) {
        auto fields = records_.find(key);
        if (fields == records_.end()) {
            return std::nullopt;
        }
        auto stored = fields->second.find(field);
        if (stored == fields->second.end() || !stored->second.alive(timestamp)) {
            return std::nullopt;
        }
        return stored->second.value;
    }

    std::optional<long long> stored_size(long long timestamp, const std::string& key) {
        if (!exists(key, timestamp)) {
            return std::nullopt;
        }
        long long size = 0;
        for (const auto& [name, entry] : records_.at(key)) {
            if (entry.alive(timestamp)) {
                size += static_cast<long long>(entry.value.size());
            }
        }
        return size;
    }

private:
    // Run-length encoding: each maximal run of one character as its length, then the character.
    static std::string encode(const std::string& value) {
        std::string encoded;
        for (std::size_t start = 0; start < value.size();) {
            std::size_t end = start + 1;
            while (end < value.size() && value[end] == value[start]) {
                ++end;
            }
            encoded += std::to_string(end - start);
            encoded += value[start];
            start = end;
        }
        return encoded;
    }

    static std::string decode(const std::string& stored) {
        std::string plain;
        std::size_t length = 0;
        for (char c : stored) {
            if (c >= '0' && c <= '9') {
                length = length * 10 + static_cast<std::size_t>(c - '0');
            } else {
                plain.append(length, c);
                length = 0;
            }
        }
        return plain;
    }

    struct Entry {
        std::string value;  // as stored: run-length encoded when `encoded`
        std::optional<long long> expires_at;  // the first timestamp at which the field is gone; none: never
        bool encoded = false;

        // No `now` means no clock: the untimestamped calls of levels 1-2 see every field.
        bool alive(std::optional<long long> now) const {
            return !now || !expires_at || *now < *expires_at;
        }

        // The value as it was written.
        std::string plain() const {
            return encoded ? decode(value) : value;
        }

        // The same field as a compressed or a plain record stores it. A value with a digit is
        // never encoded: its digits could not be told apart from the run lengths.
        Entry stored(bool compressed) const {
            std::string written = plain();
            if (compressed && written.find_first_of("0123456789") == std::string::npos) {
                return Entry{encode(written), expires_at, true};
            }
            return Entry{written, expires_at, false};
        }
    };

    // Whether the record at `key` holds a field that exists at `now`.
    bool exists(const std::string& key, std::optional<long long> now) const {
        auto fields = records_.find(key);
        if (fields == records_.end()) {
            return false;
        }
        for (const auto& [name, entry] : fields->second) {
            if (entry.alive(now)) {
                return true;
            }
        }
        return false;
    }

    bool store_record(const std::string& key, long long now, bool compressed) {
        if (!exists(key, now) || (compressed_.count(key) > 0) == compressed) {
            return false;
        }
        if (compressed) {
            compressed_.insert(key);
        } else {
            compressed_.erase(key);
        }
        for (auto& [name, entry] : records_.at(key)) {
            entry = entry.stored(compressed);
        }
        return true;
    }

    struct Saved {
        std::string value;
        std::optional<long long> remaining;  // TTL left when the backup was taken; none: no TTL
    };

    using Snapshot = std::map<std::string, std::map<std::string, Saved>>;

    void write(const std::string& key, const std::string& field, Entry entry, std::optional<long long> now) {
        if (compressed_.count(key) > 0 && !exists(key, now)) {
            compressed_.erase(key);  // the record is gone, and its compression with it
        }
        if (compressed_.count(key) > 0) {
            entry = entry.stored(true);
        }
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
        return found->second.plain();
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
                out.push_back(name + "(" + entry.plain() + ")");
            }
        }
        return out;
    }

    static bool starts_with(const std::string& text, const std::string& prefix) {
        return text.compare(0, prefix.size(), prefix) == 0;
    }

    std::unordered_map<std::string, std::map<std::string, Entry>> records_;
    std::vector<std::pair<long long, Snapshot>> backups_;  // in increasing timestamp order
    // Open transactions, innermost last: each is a copy of the records as they were when it began.
    std::vector<decltype(records_)> open_;
    std::unordered_set<std::string> compressed_;  // the keys of compressed records
};
