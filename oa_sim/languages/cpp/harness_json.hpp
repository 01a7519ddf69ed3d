// The harness's JSON: a reader for the job the grader writes, and a writer for the events it reads
// back. Small on purpose (no library): the job is the grader's own output, and every string
// written is made valid UTF-8, so no byte the candidate's code returns or prints can break a line.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "oa_harness.hpp"

namespace oa {

class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    // The whole text as one value; throws std::runtime_error at the first thing that is not JSON.
    Json document() {
        Json value = read(0);
        space();
        if (at_ < text_.size()) fail("text after the value");
        return value;
    }

private:
    std::string_view text_;
    std::size_t at_ = 0;

    [[noreturn]] void fail(const char* what) const {
        throw std::runtime_error(std::string("bad JSON at byte ") + std::to_string(at_) + ": " + what);
    }
    void space() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t')) ++at_;
    }
    bool take(char c) {
        space();
        if (at_ < text_.size() && text_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }
    void word(std::string_view w) {
        if (text_.substr(at_, w.size()) != w) fail("unknown word");
        at_ += w.size();
    }

    Json read(int depth) {
        if (depth > 200) fail("nested too deep");
        space();
        if (at_ >= text_.size()) fail("unexpected end");
        char c = text_[at_];
        if (c == '{') return object(depth);
        if (c == '[') return array(depth);
        if (c == '"') return Json::string(string());
        if (c == 't') return word("true"), Json::boolean(true);
        if (c == 'f') return word("false"), Json::boolean(false);
        if (c == 'n') return word("null"), Json();
        return number();
    }

    Json object(int depth) {
        Json value;
        value.kind = Json::Object;
        ++at_;
        if (take('}')) return value;
        do {
            space();
            if (at_ >= text_.size() || text_[at_] != '"') fail("expected a key");
            value.keys.push_back(string());
            if (!take(':')) fail("expected ':'");
            value.items.push_back(read(depth + 1));
        } while (take(','));
        if (!take('}')) fail("expected '}'");
        return value;
    }

    Json array(int depth) {
        Json value;
        value.kind = Json::Array;
        ++at_;
        if (take(']')) return value;
        do value.items.push_back(read(depth + 1));
        while (take(','));
        if (!take(']')) fail("expected ']'");
        return value;
    }

    Json number() {
        std::size_t start = at_;
        bool fraction = false;
        while (at_ < text_.size() && std::string_view("+-0123456789.eE").find(text_[at_]) != std::string_view::npos) {
            fraction = fraction || text_[at_] == '.' || text_[at_] == 'e' || text_[at_] == 'E';
            ++at_;
        }
        if (start == at_) fail("unexpected character");
        std::string digits(text_.substr(start, at_ - start));
        char* end = nullptr;
        if (!fraction) {
            errno = 0;
            long long whole = std::strtoll(digits.c_str(), &end, 10);
            if (errno == 0 && *end == '\0') return Json::integer(whole);
        }
        double real = std::strtod(digits.c_str(), &end);
        if (*end != '\0') fail("bad number");
        return Json::number(real);
    }

    unsigned hex4() {
        if (at_ + 4 > text_.size()) fail("short \\u escape");
        unsigned code = 0;
        for (int n = 0; n < 4; ++n) {
            char c = text_[at_++];
            code <<= 4;
            if (c >= '0' && c <= '9') code |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f') code |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') code |= unsigned(c - 'A' + 10);
            else fail("bad \\u escape");
        }
        return code;
    }

    std::string string() {
        std::string out;
        ++at_;  // the opening quote
        while (true) {
            if (at_ >= text_.size()) fail("unterminated string");
            char c = text_[at_++];
            if (c == '"') return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_ >= text_.size()) fail("unterminated escape");
            char e = text_[at_++];
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned code = hex4();
                    if (code >= 0xD800 && code < 0xDC00 && text_.substr(at_, 2) == "\\u") {
                        at_ += 2;
                        unsigned low = hex4();
                        code = (low >= 0xDC00 && low < 0xE000) ? 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD;
                    } else if (code >= 0xD800 && code < 0xE000) {
                        code = 0xFFFD;  // a lone surrogate has no UTF-8 form
                    }
                    append_utf8(out, code);
                    break;
                }
                default: fail("unknown escape");
            }
        }
    }

public:
    static void append_utf8(std::string& out, unsigned code) {
        if (code < 0x80) {
            out += char(code);
        } else if (code < 0x800) {
            out += char(0xC0 | (code >> 6));
            out += char(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += char(0xE0 | (code >> 12));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        } else {
            out += char(0xF0 | (code >> 18));
            out += char(0x80 | ((code >> 12) & 0x3F));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        }
    }
};

// The length of the valid UTF-8 sequence starting at ``at``, or 0 when the byte there starts none.
inline std::size_t utf8_length(std::string_view text, std::size_t at) {
    unsigned char c = static_cast<unsigned char>(text[at]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || at + length > text.size()) return 0;
    unsigned code = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t n = 1; n < length; ++n) {
        unsigned char next = static_cast<unsigned char>(text[at + n]);
        if ((next >> 6) != 0x2) return 0;
        code = (code << 6) | (next & 0x3F);
    }
    static const unsigned smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code < 0xE000)) return 0;
    return length;
}

// ``text`` as a JSON string literal; a byte that is not UTF-8 becomes U+FFFD.
inline void write_string(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t at = 0; at < text.size();) {
        char c = text[at];
        std::size_t length = utf8_length(text, at);
        if (length == 0) {
            out += "\\ufffd";
            ++at;
            continue;
        }
        if (length > 1) {
            out.append(text.substr(at, length));
            at += length;
            continue;
        }
        ++at;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

inline void write_json(std::string& out, const Json& value) {
    switch (value.kind) {
        case Json::Null: out += "null"; break;
        case Json::Bool: out += value.b ? "true" : "false"; break;
        case Json::Int: out += std::to_string(value.i); break;
        case Json::Double: {
            char number[32];
            std::snprintf(number, sizeof number, "%.17g", value.d);
            out += number;
            break;
        }
        case Json::String: write_string(out, value.s); break;
        case Json::Array:
            out += '[';
            for (std::size_t n = 0; n < value.items.size(); ++n) {
                if (n) out += ',';
                write_json(out, value.items[n]);
            }
            out += ']';
            break;
        case Json::Object:
            out += '{';
            for (std::size_t n = 0; n < value.items.size(); ++n) {
                if (n) out += ',';
                write_string(out, value.keys[n]);
                out += ':';
                write_json(out, value.items[n]);
            }
            out += '}';
            break;
        case Json::Unsupported: out += "null"; break;  // never written: answers name it instead
    }
}

}  // namespace oa
