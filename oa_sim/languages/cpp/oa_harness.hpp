// oa-sim's C++ grading harness: the plain values that cross between the grader and the candidate's
// class, and how a call's arguments and result are converted, by value, from and to them.
//
// Shared by harness.cpp (built once, cached) and the generated dispatch.cpp (built with the
// candidate's header on every submit, with this file in its precompiled prelude). Only the
// headers the interface itself includes are pulled in, so a solution that forgets an #include
// fails here as it fails under `make test`.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

namespace oa {

// Bumped whenever Json or the exported functions change: a cached solution built against another
// layout is refused at load rather than misread.
constexpr int ABI_VERSION = 1;

// A JSON value. An Unsupported value is a result that is no plain value: ``s`` holds its type's
// mangled name and ``i`` how many lists it sat in ("a list holding a std::set<...>").
struct Json {
    enum Kind : unsigned char { Null, Bool, Int, Double, String, Array, Object, Unsupported };
    Kind kind = Null;
    bool b = false;
    long long i = 0;
    double d = 0;
    std::string s;
    std::vector<Json> items;        // an Array's items, an Object's values
    std::vector<std::string> keys;  // an Object's keys

    static Json boolean(bool value) { Json j; j.kind = Bool; j.b = value; return j; }
    static Json integer(long long value) { Json j; j.kind = Int; j.i = value; return j; }
    static Json number(double value) { Json j; j.kind = Double; j.d = value; return j; }
    static Json string(std::string value) { Json j; j.kind = String; j.s = std::move(value); return j; }
    static Json unsupported(const std::type_info& type) { Json j; j.kind = Unsupported; j.s = type.name(); return j; }

    const Json* get(std::string_view key) const {
        for (std::size_t n = 0; n < keys.size(); ++n)
            if (keys[n] == key) return &items[n];
        return nullptr;
    }
};

// A test's value that the candidate's parameter cannot take: only when the candidate changed a
// parameter's type from the interface's.
struct BadArgument : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_vector : std::false_type {};
template <class T, class A> struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T, class = void> struct has_key_type : std::false_type {};
template <class T> struct has_key_type<T, std::void_t<typename T::key_type>> : std::true_type {};
// A sequence is sent as a list (vector, deque, list, array); a set or a map is not a list.
template <class T, class = void> struct is_sequence : std::false_type {};
template <class T>
struct is_sequence<T, std::void_t<decltype(std::declval<const T&>().begin()), decltype(std::declval<const T&>().end()),
                                  typename T::value_type>> : std::bool_constant<!has_key_type<T>::value> {};
template <class T> struct always_false : std::false_type {};
template <class T>
constexpr bool is_char = std::is_same_v<T, char> || std::is_same_v<T, signed char> || std::is_same_v<T, unsigned char> ||
                         std::is_same_v<T, wchar_t> || std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>;

inline const Json& expect(const Json& value, Json::Kind kind, const char* wanted) {
    if (value.kind != kind) throw BadArgument(std::string("a parameter of type ") + wanted + " cannot take this test's value");
    return value;
}

// A test's argument as the parameter type the candidate's method declares.
template <class T>
T from_json(const Json& value) {
    if constexpr (std::is_same_v<T, bool>) {
        return expect(value, Json::Bool, "bool").b;
    } else if constexpr (std::is_integral_v<T> && !is_char<T>) {
        return static_cast<T>(expect(value, Json::Int, "integer").i);  // a narrower type wraps, as in C++
    } else if constexpr (std::is_floating_point_v<T>) {
        return value.kind == Json::Double ? static_cast<T>(value.d) : static_cast<T>(expect(value, Json::Int, "double").i);
    } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
        return T(expect(value, Json::String, "std::string").s);
    } else if constexpr (std::is_same_v<T, const char*>) {
        return expect(value, Json::String, "const char*").s.c_str();
    } else if constexpr (is_optional<T>::value) {
        if (value.kind == Json::Null) return std::nullopt;
        return T(from_json<typename T::value_type>(value));
    } else if constexpr (is_vector<T>::value) {
        const Json& list = expect(value, Json::Array, "std::vector");
        T out;
        out.reserve(list.items.size());
        for (const Json& item : list.items) out.push_back(from_json<typename T::value_type>(item));
        return out;
    } else {
        static_assert(always_false<T>::value,
                      "oa-sim cannot pass a test's value to a parameter of this type: declare the method with the "
                      "interface's parameter types");
    }
}

// A call's result as plain data, by its type and value: nothing of the candidate's class decides it.
template <class T>
Json to_json(const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
        return Json::boolean(value);
    } else if constexpr (std::is_integral_v<T> && !is_char<T>) {
        if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(long long)) {
            if (value > static_cast<T>(~0ULL >> 1)) return Json::unsupported(typeid(T));
        }
        return Json::integer(static_cast<long long>(value));
    } else if constexpr (std::is_floating_point_v<T>) {
        return Json::number(static_cast<double>(value));
    } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
        return Json::string(std::string(value));
    } else if constexpr (std::is_same_v<T, const char*> || std::is_same_v<T, char*>) {
        return value == nullptr ? Json() : Json::string(value);
    } else if constexpr (std::is_same_v<T, std::nullptr_t> || std::is_same_v<T, std::nullopt_t>) {
        return Json();
    } else if constexpr (is_optional<T>::value) {
        return value.has_value() ? to_json<typename T::value_type>(*value) : Json();
    } else if constexpr (is_sequence<T>::value) {
        Json list;
        list.kind = Json::Array;
        for (const auto& item : value) {
            Json converted = to_json<std::decay_t<decltype(item)>>(item);
            if (converted.kind == Json::Unsupported) {
                converted.i += 1;
                return converted;
            }
            list.items.push_back(std::move(converted));
        }
        return list;
    } else {
        return Json::unsupported(typeid(T));
    }
}

inline void check_arity(std::size_t given, std::size_t wanted) {
    if (given != wanted)
        throw BadArgument("the method takes " + std::to_string(wanted) + " argument(s), the test passes " + std::to_string(given));
}

// Convert the arguments to the interface's parameter types P, call ``call`` (the candidate's
// method, named on its own class), and convert what it returned; a void method answers null.
template <class... P, class F, std::size_t... I>
Json play(const std::vector<Json>& args, F& call, std::index_sequence<I...>) {
    check_arity(args.size(), sizeof...(P));
    std::tuple<std::decay_t<P>...> converted{from_json<std::decay_t<P>>(args[I])...};
    using Got = decltype(call(std::get<I>(converted)...));
    if constexpr (std::is_void_v<Got>) {
        call(std::get<I>(converted)...);
        return Json();
    } else {
        const auto& got = call(std::get<I>(converted)...);
        return to_json<std::decay_t<Got>>(got);
    }
}

// The interface's method pointer gives only the parameter types: the call itself goes by name to
// the candidate's class, so an overload or a by-value parameter there is chosen as C++ would.
template <class C, class R, class... P, class F>
Json invoke(R (C::*)(P...), const std::vector<Json>& args, F call) {
    return play<P...>(args, call, std::index_sequence_for<P...>{});
}
template <class C, class R, class... P, class F>
Json invoke(R (C::*)(P...) const, const std::vector<Json>& args, F call) {
    return play<P...>(args, call, std::index_sequence_for<P...>{});
}

}  // namespace oa

// What dispatch.cpp exports to the harness (looked up with dlsym).
extern "C" {
typedef int (*oa_abi_version_fn)();
typedef int (*oa_method_count_fn)();
typedef const char* (*oa_method_name_fn)(int);
typedef void* (*oa_create_fn)();
typedef void (*oa_call_fn)(void* instance, int method, const std::vector<oa::Json>* args, oa::Json* result);
}
