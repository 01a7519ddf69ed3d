// A tiny test runner for the sample tests, header-only so nothing needs installing: `make test`
// builds each tests/level_N_test.cpp into build/ and runs it. oa-sim writes this file.
//
//   TEST_CASE(name, "what it checks") { ... }   a test; the first failed check ends it
//   CHECK_EQ(actual, expected);                   compares with ==, shows both values when they differ
//   OA_TEST_MAIN()                                runs every test of the file, once, at its end
#pragma once

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

namespace oa_test {

struct Test {
    const char* name;
    const char* description;
    void (*body)();
};

inline std::vector<Test>& tests() {
    static std::vector<Test> all;
    return all;
}

struct Registered {
    Registered(const char* name, const char* description, void (*body)()) { tests().push_back({name, description, body}); }
};

struct Failure {
    std::string text;
};

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T, class = void> struct is_container : std::false_type {};
template <class T>
struct is_container<T, std::void_t<decltype(std::declval<const T&>().begin()), decltype(std::declval<const T&>().end())>>
    : std::true_type {};

template <class T>
void show(std::ostream& out, const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
        out << (value ? "true" : "false");
    } else if constexpr (std::is_same_v<T, std::nullopt_t>) {
        out << "std::nullopt";
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        out << '"' << std::string_view(value) << '"';
    } else if constexpr (is_optional<T>::value) {
        if (value) show(out, *value);
        else out << "std::nullopt";
    } else if constexpr (is_container<T>::value) {
        out << '{';
        const char* separator = "";
        for (const auto& item : value) {
            out << separator;
            show(out, item);
            separator = ", ";
        }
        out << '}';
    } else if constexpr (std::is_arithmetic_v<T>) {
        out << value;
    } else {
        out << "(a value of type " << typeid(T).name() << ")";
    }
}

template <class A, class E>
void check_eq(const A& actual, const E& expected, const char* call, const char* file, int line) {
    if (actual == expected) return;
    std::ostringstream text;
    text << file << ":" << line << ": " << call << " returned ";
    show(text, actual);
    text << ", expected ";
    show(text, expected);
    throw Failure{text.str()};
}

inline std::string type_name(const char* mangled) {
    int status = 0;
    char* readable = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
    std::string name = status == 0 && readable ? readable : mangled;
    std::free(readable);
    return name;
}

inline int run_all(const char* file) {
    std::string suite = file;
    suite = suite.substr(suite.find_last_of('/') + 1);
    suite = suite.substr(0, suite.rfind(".cpp"));
    int passed = 0, failed = 0;
    for (const Test& test : tests()) {
        std::string problem;
        try {
            test.body();
        } catch (const Failure& failure) {
            problem = failure.text;
        } catch (const std::exception& error) {
            problem = "threw " + type_name(typeid(error).name()) + ": " + error.what();
        } catch (...) {
            problem = "threw an exception that is not a std::exception";
        }
        if (problem.empty()) {
            ++passed;
            continue;
        }
        ++failed;
        std::cout << "FAIL " << test.name << " (" << test.description << ")\n  " << problem << "\n";
    }
    std::cout << suite << ": " << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}

}  // namespace oa_test

#define TEST_CASE(name, description)                                              \
    static void name();                                                            \
    static const oa_test::Registered name##_registered(#name, description, &name); \
    static void name()
#define CHECK_EQ(actual, ...) oa_test::check_eq((actual), (__VA_ARGS__), #actual, __FILE__, __LINE__)
#define OA_TEST_MAIN() \
    int main() { return oa_test::run_all(__FILE__); }
