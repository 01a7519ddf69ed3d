// Reference solution: all four levels of the text editor.
//
// No `override`: a submit at level N compiles against the interface of levels 1..N only, and
// `override` on a later level's method would not compile there. The methods still override.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text_editor.hpp"

class TextEditorImpl : public TextEditor {
public:
    TextEditorImpl() : active_(kFirstDocument) {
        documents_.emplace(kFirstDocument, Document{});
    }

    // Level 1

    std::string insert(const std::string& text) {
        Document& doc = current();
        doc.replace(doc.target(), text);
        return doc.now.text;
    }

    std::string move_cursor(long long position) {
        Document& doc = current();
        doc.now.cursor = doc.clamp(position);
        doc.now.selection.reset();
        return doc.now.text;
    }

    std::string backspace() {
        Document& doc = current();
        if (doc.now.selection) {
            doc.replace(*doc.now.selection, "");
        } else if (doc.now.cursor > 0) {
            doc.replace({doc.now.cursor - 1, doc.now.cursor}, "");
        }
        return doc.now.text;
    }

    std::string delete_() {
        Document& doc = current();
        if (doc.now.selection) {
            doc.replace(*doc.now.selection, "");
        } else if (doc.now.cursor < doc.length()) {
            doc.replace({doc.now.cursor, doc.now.cursor + 1}, "");
        }
        return doc.now.text;
    }

    // Level 2

    std::string select(long long left, long long right) {
        Document& doc = current();
        long long from = std::min(doc.clamp(left), doc.clamp(right));
        long long to = std::max(doc.clamp(left), doc.clamp(right));
        if (from == to) {
            doc.now.selection.reset();
            doc.now.cursor = from;
            return "";
        }
        doc.now.selection = Span{from, to};
        doc.now.cursor = to;
        return doc.selected();
    }

    std::string copy() {
        Document& doc = current();
        if (doc.now.selection) {
            clipboard_ = doc.selected();
        }
        return clipboard_;
    }

    std::string cut() {
        Document& doc = current();
        if (doc.now.selection) {
            clipboard_ = doc.selected();
            doc.replace(*doc.now.selection, "");
        }
        return doc.now.text;
    }

    std::string paste() {
        return insert(clipboard_);
    }

    // Level 3

    std::string undo() {
        Document& doc = current();
        if (!doc.done.empty()) {
            doc.undone.push_back(std::move(doc.done.back()));
            doc.done.pop_back();
            doc.now = doc.undone.back().before;
        }
        return doc.now.text;
    }

    std::string redo() {
        Document& doc = current();
        if (!doc.undone.empty()) {
            doc.done.push_back(std::move(doc.undone.back()));
            doc.undone.pop_back();
            doc.now = doc.done.back().after;
        }
        return doc.now.text;
    }

    // Level 4

    std::string open_document(const std::string& name) {
        documents_.try_emplace(name);  // a new, empty document unless one has this name
        active_ = name;
        return current().now.text;
    }

    bool close_document(const std::string& name) {
        if (name == active_ || documents_.erase(name) == 0) {
            return false;
        }
        return true;
    }

    std::vector<std::string> list_documents() {
        std::vector<std::string> names;
        names.reserve(documents_.size());
        for (const auto& [name, doc] : documents_) {
            names.push_back(name);
        }
        // std::string compares byte by byte: for these ASCII names, by character code.
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    static constexpr const char* kFirstDocument = "main";

    // A range [left, right) of the text; a selection always has left < right.
    struct Span {
        long long left;
        long long right;
    };

    // What undo and redo bring back.
    struct State {
        std::string text;
        long long cursor = 0;
        std::optional<Span> selection;
    };

    // One edit: the states just before and just after it.
    struct Edit {
        State before;
        State after;
    };

    // One document: its text, cursor and selection (`now`), and its edit history.
    struct Document {
        State now;
        std::vector<Edit> done;    // oldest first
        std::vector<Edit> undone;  // edits taken back, the latest last

        long long length() const {
            return static_cast<long long>(now.text.size());
        }

        long long clamp(long long position) const {
            return std::max(0LL, std::min(position, length()));
        }

        std::string selected() const {
            return now.text.substr(now.selection->left, now.selection->right - now.selection->left);
        }

        // What an edit replaces: the selection, or the empty range at the cursor.
        Span target() const {
            return now.selection ? *now.selection : Span{now.cursor, now.cursor};
        }

        // Put `inserted` in place of the range; an edit unless it removes and inserts nothing.
        void replace(Span range, const std::string& inserted) {
            if (range.left == range.right && inserted.empty()) {
                return;
            }
            State before = now;
            now.text.replace(range.left, range.right - range.left, inserted);
            now.cursor = range.left + static_cast<long long>(inserted.size());
            now.selection.reset();
            done.push_back(Edit{std::move(before), now});
            undone.clear();  // a new edit ends what there was to redo
        }
    };

    Document& current() {
        return documents_.at(active_);
    }

    std::unordered_map<std::string, Document> documents_;
    std::string active_;
    std::string clipboard_;  // shared by every document
};
