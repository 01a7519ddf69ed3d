// Reference solution: all four levels of the cloud file storage.
//
// No `override`: a submit at level N compiles against the interface of levels 1..N only, and
// `override` on a later level's method would not compile there. The methods still override.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "cloud_storage.hpp"

class CloudStorageImpl : public CloudStorage {
public:
    // Level 1

    bool add_file(const std::string& name, long long size) {
        if (size < 0 || files_.count(name) > 0) {
            return false;
        }
        files_.emplace(name, StoredFile{size, std::nullopt});
        return true;
    }

    std::optional<long long> get_file_size(const std::string& name) {
        auto found = files_.find(name);
        if (found == files_.end()) {
            return std::nullopt;
        }
        return found->second.size;
    }

    std::optional<long long> delete_file(const std::string& name) {
        auto found = files_.find(name);
        if (found == files_.end()) {
            return std::nullopt;
        }
        StoredFile file = found->second;
        files_.erase(found);
        if (file.owner) {
            User& owner = users_.at(*file.owner);
            owner.used -= file.size;
            owner.files.erase(name);
        }
        return file.size;
    }

    // Level 2

    std::vector<std::string> largest_files(const std::string& prefix, long long n) {
        std::vector<std::string> listed;
        if (n <= 0) {
            return listed;
        }
        std::vector<std::pair<long long, std::string>> matching;  // (size, name)
        for (const auto& [name, file] : files_) {
            if (name.compare(0, prefix.size(), prefix) == 0) {
                matching.emplace_back(file.size, name);
            }
        }
        // Largest first, then by name; std::string compares byte by byte, the plain order the spec asks for.
        std::sort(matching.begin(), matching.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        size_t count = std::min(matching.size(), static_cast<size_t>(n));
        for (size_t i = 0; i < count; ++i) {
            listed.push_back(matching[i].second + "(" + std::to_string(matching[i].first) + ")");
        }
        return listed;
    }

    // Level 3

    bool add_user(const std::string& user_id, long long capacity) {
        if (capacity < 0 || users_.count(user_id) > 0) {
            return false;
        }
        users_.emplace(user_id, User{capacity, 0, {}});
        return true;
    }

    std::optional<long long> add_file_by(const std::string& user_id, const std::string& name, long long size) {
        auto found = users_.find(user_id);
        if (found == users_.end() || size < 0 || files_.count(name) > 0 || size > found->second.remaining()) {
            return std::nullopt;
        }
        store(user_id, found->second, name, size);
        return found->second.remaining();
    }

    std::optional<long long> merge_users(const std::string& target_user_id, const std::string& source_user_id) {
        auto target = users_.find(target_user_id);
        auto source = users_.find(source_user_id);
        if (target == users_.end() || source == users_.end() || target_user_id == source_user_id) {
            return std::nullopt;
        }
        for (const auto& name : source->second.files) {
            files_.at(name).owner = target_user_id;
            target->second.files.insert(name);
        }
        target->second.capacity += source->second.capacity;
        target->second.used += source->second.used;
        users_.erase(source);
        backups_.erase(source_user_id);  // a backup belongs to the user, not to the id
        return target->second.remaining();
    }

    // Level 4

    std::optional<long long> backup_user(const std::string& user_id) {
        auto found = users_.find(user_id);
        if (found == users_.end()) {
            return std::nullopt;
        }
        // A copy of names and sizes: later changes to the user's files must not reach the backup.
        std::unordered_map<std::string, long long> saved;
        for (const auto& name : found->second.files) {
            saved.emplace(name, files_.at(name).size);
        }
        long long count = static_cast<long long>(saved.size());
        backups_[user_id] = std::move(saved);
        return count;
    }

    std::optional<long long> restore_user(const std::string& user_id) {
        auto found = users_.find(user_id);
        if (found == users_.end()) {
            return std::nullopt;
        }
        User& user = found->second;
        // A copy of the names: delete_file erases from user.files as it goes.
        std::vector<std::string> current(user.files.begin(), user.files.end());
        for (const auto& name : current) {
            delete_file(name);
        }
        long long restored = 0;
        auto backup = backups_.find(user_id);
        if (backup != backups_.end()) {
            for (const auto& [name, size] : backup->second) {
                if (files_.count(name) == 0) {  // a name someone else holds now is skipped
                    store(user_id, user, name, size);
                    ++restored;
                }
            }
        }
        return restored;
    }

private:
    struct StoredFile {
        long long size;
        std::optional<std::string> owner;  // the user who owns the file; none: stored with add_file
    };

    struct User {
        long long capacity;
        long long used;
        std::unordered_set<std::string> files;  // names of the files this user owns

        long long remaining() const {
            return capacity - used;
        }
    };

    void store(const std::string& user_id, User& user, const std::string& name, long long size) {
        files_[name] = StoredFile{size, user_id};
        user.used += size;
        user.files.insert(name);
    }

    std::unordered_map<std::string, StoredFile> files_;
    std::unordered_map<std::string, User> users_;
    // user id -> name -> size, as saved by the user's latest backup
    std::unordered_map<std::string, std::unordered_map<std::string, long long>> backups_;
};
