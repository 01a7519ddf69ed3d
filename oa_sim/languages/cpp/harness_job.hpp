// The harness's job: what oa-sim's grader asks it to run (the cases' calls, the limits, where the
// events go), read from the JSON file it names.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness_json.hpp"

namespace oa {

struct Call {
    std::string method;
    int index = -1;  // in dispatch.cpp's table; -1 for a name it does not know
    std::vector<oa::Json> args;
};

struct Case {
    std::string id;
    std::vector<Call> calls;
};

struct Settings {
    std::string folder, events, token, solution_file, impl_class;
    double limit = 0.4;         // seconds of CPU time per case, from its fork
    double wall_limit = 1.7;    // the wall-clock backstop of a case that waits instead of computing
    double load_limit = 5.0;    // seconds allowed for loading solution.so (its static constructors)
    long long memory_mb = 1024, output_limit = 64 * 1024, file_size_limit = 64LL << 20;
    long parent_pid = 0;
};

inline oa::Json& field(oa::Json& object, const char* key) {
    const oa::Json* found = object.get(key);
    if (!found) throw std::runtime_error(std::string("the job has no ") + key);
    return const_cast<oa::Json&>(*found);  // moved from: the job is read once
}

inline double number(const oa::Json& object, const char* key, double fallback) {
    const oa::Json* found = object.get(key);
    if (!found) return fallback;
    return found->kind == oa::Json::Int ? double(found->i) : found->kind == oa::Json::Double ? found->d : fallback;
}

// Read the job file: the settings, and the cases not in its skip list.
inline void read_job(const char* path, Settings& settings, std::vector<Case>& cases) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot open ") + path);
    std::stringstream text;
    text << in.rdbuf();
    oa::Json job = oa::Reader(text.str()).document();
    std::string full = path;
    char* resolved = realpath(path, nullptr);
    if (resolved) full = resolved;
    std::free(resolved);
    settings.folder = full.substr(0, full.rfind('/'));
    settings.events = field(job, "events").s;
    if (const oa::Json* token = job.get("token")) settings.token = token->s;
    settings.solution_file = field(job, "solution_file").s;
    settings.impl_class = field(job, "impl_class").s;
    settings.limit = number(job, "test_time_limit", settings.limit);
    settings.wall_limit = number(job, "wall_time_limit", settings.limit);
    settings.load_limit = number(job, "load_time_limit", settings.limit);
    settings.memory_mb = (long long)number(job, "memory_limit_mb", double(settings.memory_mb));
    settings.output_limit = (long long)number(job, "output_limit_bytes", double(settings.output_limit));
    settings.file_size_limit = (long long)number(job, "file_size_limit", double(settings.file_size_limit));
    settings.parent_pid = (long)number(job, "parent_pid", 0);
    std::vector<std::string> skip;
    if (const oa::Json* listed = job.get("skip"))
        for (const oa::Json& id : listed->items) skip.push_back(id.s);
    for (oa::Json& entry : field(job, "cases").items) {
        Case c{field(entry, "id").s, {}};
        if (std::find(skip.begin(), skip.end(), c.id) != skip.end()) continue;
        for (oa::Json& step : field(entry, "calls").items) {
            if (step.items.size() != 2) throw std::runtime_error("a call is not [method, args]");
            c.calls.push_back(Call{std::move(step.items[0].s), -1, std::move(step.items[1].items)});
        }
        cases.push_back(std::move(c));
    }
}

}  // namespace oa
