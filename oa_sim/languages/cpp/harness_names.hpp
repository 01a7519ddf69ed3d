// How the harness names what it reports: a type as a candidate writes it, the exception being
// handled, and the signal that ended a case.
#pragma once

#include <cxxabi.h>
#include <signal.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <typeinfo>

namespace oa {

inline void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// A type's name as a candidate writes it: std::string, not std::__cxx11::basic_string<char, ...>.
inline std::string pretty_type(const char* mangled) {
    int status = 0;
    char* demangled = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
    std::string name = status == 0 && demangled ? demangled : mangled;
    std::free(demangled);
    replace_all(name, "std::__cxx11::", "std::");
    replace_all(name, "std::__1::", "std::");
    replace_all(name, "std::basic_string<char, std::char_traits<char>, std::allocator<char> >", "std::string");
    // Drop the default arguments (", std::allocator<...>", ", std::less<...>"): bracket-matched.
    for (const char* noise : {", std::allocator<", ", std::less<", ", std::hash<", ", std::equal_to<"}) {
        for (std::size_t at = name.find(noise); at != std::string::npos; at = name.find(noise, at)) {
            std::size_t end = at + std::strlen(noise);
            for (int depth = 1; end < name.size() && depth > 0; ++end) depth += name[end] == '<' ? 1 : name[end] == '>' ? -1 : 0;
            name.erase(at, end - at);
        }
    }
    replace_all(name, " >", ">");
    return name;
}

struct Raised {
    std::string type, message;
};

// What the exception being handled is: call only inside a catch block.
inline Raised raised_now(long long memory_mb) {
    try {
        throw;
    } catch (const std::bad_alloc&) {
        return {"std::bad_alloc", "ran out of memory (the limit is " + std::to_string(memory_mb) + " MiB)"};
    } catch (const std::exception& error) {
        return {pretty_type(typeid(error).name()), error.what()};
    } catch (const char* text) {
        return {"const char*", text ? text : ""};
    } catch (const std::string& text) {
        return {"std::string", text};
    } catch (int value) {
        return {"int", std::to_string(value)};
    } catch (long long value) {
        return {"long long", std::to_string(value)};
    } catch (...) {
        std::type_info* type = abi::__cxa_current_exception_type();
        return {type ? pretty_type(type->name()) : "an exception of unknown type", ""};
    }
}

inline std::string raised_text(const Raised& raised) {
    return raised.message.empty() ? raised.type : raised.type + ": " + raised.message;
}

// What a signal that ended a case says about the code.
inline std::string signal_account(int number) {
    switch (number) {
        case SIGSEGV: return "SIGSEGV, a segmentation fault (a null or dangling pointer, an index past the end, or recursion too deep)";
        case SIGABRT: return "SIGABRT, abort() was called (a failed assert, or the C++ runtime ending the program)";
        case SIGFPE: return "SIGFPE, an arithmetic error (an integer division by zero)";
        case SIGBUS: return "SIGBUS, a bad memory access";
        case SIGILL: return "SIGILL, an illegal instruction (often a function that returns no value)";
        case SIGKILL: return "SIGKILL, killed from outside (perhaps for using too much memory)";
        default: return std::string("signal ") + std::to_string(number) + " (" + strsignal(number) + ")";
    }
}

}  // namespace oa
