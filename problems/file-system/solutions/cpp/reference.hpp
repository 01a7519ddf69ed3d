// Reference solution: all four levels of the file system.
//
// No `override`: a submit at level N compiles against the interface of levels 1..N only, and
// `override` on a later level's method would not compile there. The methods still override.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "file_system.hpp"

class FileSystemImpl : public FileSystem {
public:
    FileSystemImpl() : root_(std::make_unique<Node>(std::nullopt)) {}

    // Level 1

    bool make_dir(const std::string& path) {
        return place(path, std::make_unique<Node>(std::nullopt));
    }

    bool create_file(const std::string& path, long long size) {
        return size >= 0 && place(path, std::make_unique<Node>(size));
    }

    std::optional<long long> get_file_size(const std::string& path) {
        const Node* node = find(path);
        return node == nullptr ? std::nullopt : node->size;
    }

    // Level 2

    std::vector<std::string> list_dir(const std::string& path) {
        std::vector<std::string> listed;
        const Node* node = dir(path);
        if (node == nullptr) {
            return listed;
        }
        // A std::map keeps the names sorted byte by byte, character code order; the "/" after a
        // directory's name is added while listing, so it takes no part in the order.
        for (const auto& [name, child] : node->children) {
            listed.push_back(child->is_dir() ? name + "/" : name);
        }
        return listed;
    }

    std::vector<std::string> largest_files(const std::string& path, long long n) {
        std::vector<std::string> listed;
        const Node* node = dir(path);
        if (node == nullptr || n <= 0) {
            return listed;
        }
        // Full paths are built from the tree as it is now, so they follow every move.
        std::vector<std::pair<std::string, long long>> files;
        std::string top = path;
        if (!top.empty() && top.back() == '/') {
            top.pop_back();
        }
        collect_files(*node, top, files);
        std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        for (const auto& [file_path, size] : files) {
            if (static_cast<long long>(listed.size()) == n) {
                break;
            }
            listed.push_back(file_path + "(" + std::to_string(size) + ")");
        }
        return listed;
    }

    // Level 3

    std::optional<long long> get_dir_size(const std::string& path) {
        const Node* node = dir(path);
        return node == nullptr ? std::nullopt : std::optional<long long>(node->total);
    }

    bool set_quota(const std::string& path, long long quota) {
        Node* node = dir(path);
        if (node == nullptr || quota < 0 || node->total > quota) {
            return false;
        }
        node->quota = quota;
        return true;
    }

    bool remove_quota(const std::string& path) {
        Node* node = dir(path);
        if (node == nullptr || !node->quota) {
            return false;
        }
        node->quota.reset();
        return true;
    }

    // Level 4

    bool move(const std::string& source, const std::string& target) {
        Node* node = find(source);
        auto [parent, name] = locate(target);
        if (node == nullptr || parent == nullptr || !parent->is_dir() || parent->children.count(name) > 0) {
            return false;
        }
        if (node == parent || node->holds(parent)) {
            return false;  // into its own subtree (the root holds everything)
        }
        // The directories that hold the node before and after the move keep their totals; only
        // the target's other holders gain its size.
        if (!fits(parent, node->total, node)) {
            return false;
        }
        link(parent, name, unlink(node));
        return true;
    }

    bool delete_(const std::string& path) {
        Node* node = find(path);
        if (node == nullptr || node == root_.get()) {
            return false;
        }
        unlink(node);  // the returned owner goes out of scope: the subtree is freed
        return true;
    }

private:
    // A file (it has a size) or a directory (children by name, perhaps a quota). `total` is a
    // file's size or the sum of every file under a directory: kept up to date along the path
    // above each change, it answers sizes and quota checks without walking a subtree.
    struct Node {
        explicit Node(std::optional<long long> file_size) : size(file_size), total(file_size.value_or(0)) {}

        bool is_dir() const { return !size; }

        // Whether this node holds other: is other's parent, its parent's parent, and so on.
        bool holds(const Node* other) const {
            for (const Node* up = other->parent; up != nullptr; up = up->parent) {
                if (up == this) {
                    return true;
                }
            }
            return false;
        }

        std::optional<long long> size;  // none for a directory
        long long total;
        std::string name;
        Node* parent = nullptr;
        std::map<std::string, std::unique_ptr<Node>> children;
        std::optional<long long> quota;
    };

    Node* find(const std::string& path) const {
        Node* node = root_.get();
        std::size_t start = 0;
        while (start < path.size()) {
            std::size_t end = path.find('/', start);
            if (end == std::string::npos) {
                end = path.size();
            }
            if (end > start) {  // "/" has no names, "/a/b" has "a" and "b"
                auto child = node->children.find(path.substr(start, end - start));
                if (child == node->children.end()) {
                    return nullptr;  // a file has no children: a path through it ends here
                }
                node = child->second.get();
            }
            start = end + 1;
        }
        return node;
    }

    Node* dir(const std::string& path) const {
        Node* node = find(path);
        return node != nullptr && node->is_dir() ? node : nullptr;
    }

    // The node that would hold path (none when missing, or for the root), and path's last name.
    std::pair<Node*, std::string> locate(const std::string& path) const {
        std::size_t cut = path.rfind('/');
        std::string name = path.substr(cut + 1);
        return {name.empty() ? nullptr : find(path.substr(0, cut)), name};
    }

    bool place(const std::string& path, std::unique_ptr<Node> node) {
        auto [parent, name] = locate(path);
        if (parent == nullptr || !parent->is_dir() || parent->children.count(name) > 0 ||
            !fits(parent, node->total, nullptr)) {
            return false;
        }
        link(parent, name, std::move(node));
        return true;
    }

    // Whether parent and the directories above it stay within their quotas gaining amount.
    // Directories that already hold `moved` (when there is one) are skipped: they hold it already.
    static bool fits(const Node* parent, long long amount, const Node* moved) {
        for (const Node* holder = parent; holder != nullptr; holder = holder->parent) {
            if (moved != nullptr && holder->holds(moved)) {
                continue;
            }
            if (holder->quota && holder->total + amount > *holder->quota) {
                return false;
            }
        }
        return true;
    }

    static void link(Node* parent, const std::string& name, std::unique_ptr<Node> node) {
        node->name = name;
        node->parent = parent;
        for (Node* holder = parent; holder != nullptr; holder = holder->parent) {
            holder->total += node->total;
        }
        parent->children[name] = std::move(node);
    }

    // Takes node out of the tree and hands back its ownership.
    static std::unique_ptr<Node> unlink(Node* node) {
        for (Node* holder = node->parent; holder != nullptr; holder = holder->parent) {
            holder->total -= node->total;
        }
        auto owner = node->parent->children.find(node->name);
        std::unique_ptr<Node> taken = std::move(owner->second);
        node->parent->children.erase(owner);
        node->parent = nullptr;
        return taken;
    }

    // Every file under top, as (full path, size); top_path is top's path without a final "/".
    static void collect_files(const Node& top, const std::string& top_path,
                              std::vector<std::pair<std::string, long long>>& files) {
        for (const auto& [name, child] : top.children) {
            std::string child_path = top_path + "/" + name;
            if (child->is_dir()) {
                collect_files(*child, child_path, files);
            } else {
                files.emplace_back(child_path, *child->size);
            }
        }
    }

    std::unique_ptr<Node> root_;
};
