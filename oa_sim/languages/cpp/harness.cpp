// oa-sim's C++ harness: plays each case's calls on the candidate's class and writes the answers,
// as JSON lines, to the events file the job names (the protocol of oa_sim/grading/runner.py).
//
// Built once per machine and toolchain, then cached. The candidate's header is compiled with the
// generated dispatch.cpp into solution.so, which this process loads once: the candidate's static
// objects are built then (the "import"). Each case then runs in a fork of this process, so every
// case starts from that freshly loaded state, static members included, as Python's and
// JavaScript's cases start from a freshly loaded module. This process never makes a call itself:
// it times each case from its fork, kills one that runs past the limit, and reads how a case that
// sent no answers ended (a signal, exit(), too much output). Expected values never reach it.
//
//   ./harness <job.json>

#include <dlfcn.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "harness_job.hpp"
#include "harness_names.hpp"

namespace {

using oa::Call;
using oa::Case;
using oa::Raised;
using oa::Settings;

enum Phase { Loading, Idle, InCase };

Settings settings;
std::vector<Case> cases;
int events_fd = -1;
int reply_fd = -1;  // in a case's process: the pipe its answers go back through
volatile sig_atomic_t phase = Idle;
volatile long* progress = nullptr;  // shared with each case's process: the call it is in (-1: the constructor)
std::string load_timeout_events;    // written by the alarm handler, so built before the load starts
oa_create_fn create_instance = nullptr;
oa_call_fn call_method = nullptr;

double now() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

timeval interval(double seconds) {
    return {long(seconds), long((seconds - std::floor(seconds)) * 1e6) + 1};
}

double cpu_seconds(const rusage& usage) {
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += std::size_t(n);
    }
}

// The run's token opens every line, after a line break: what the candidate's code writes to the
// events file or a case's reply pipe is apart from the harness's own, and ignored.
std::string framed(const std::string& line) {
    return "\n" + settings.token + line + "\n";
}

void emit(const std::string& line) {
    write_all(events_fd, framed(line));
}

std::string event(const char* kind, const std::string* nodeid = nullptr) {
    std::string out = std::string("{\"ev\":\"") + kind + "\"";
    if (nodeid) {
        out += ",\"nodeid\":";
        oa::write_string(out, *nodeid);
    }
    return out + "}";
}

std::string result(const Case& c, const char* outcome, const std::string& message, const std::string& detail = "",
                   double duration = 0, bool import_error = false, const std::string* answers = nullptr) {
    std::string out = "{\"ev\":\"result\",\"nodeid\":";
    oa::write_string(out, c.id);
    out += std::string(",\"outcome\":\"") + outcome + "\",\"message\":";
    oa::write_string(out, message);
    out += ",\"detail\":";
    oa::write_string(out, detail);
    char number[48];
    std::snprintf(number, sizeof number, ",\"duration\":%.6f", duration);
    out += number;
    out += import_error ? ",\"import_error\":true" : ",\"import_error\":false";
    if (answers) out += ",\"answers\":" + *answers;
    return out + "}";
}

std::string seconds(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", value);
    return text;
}

void limit(int resource, rlim_t wanted) {
    rlimit current{};
    if (getrlimit(resource, &current) != 0) return;
    rlim_t value = current.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, current.rlim_max);
    rlimit next{value, value};
    setrlimit(resource, &next);
}

// -- loading the solution -------------------------------------------------------------------------

void fail_all(const std::string& message, const std::string& detail = "") {
    for (const Case& c : cases) emit(result(c, "error", message, detail, 0, true));
    emit(event("finish"));
    _exit(0);
}

void on_load_alarm(int) {
    write(events_fd, load_timeout_events.data(), load_timeout_events.size());
    _exit(0);
}

[[noreturn]] void on_terminate() {
    std::string what;
    if (std::current_exception()) {
        try {
            std::rethrow_exception(std::current_exception());
        } catch (...) {
            what = oa::raised_text(oa::raised_now(settings.memory_mb));
        }
    }
    if (phase == Loading) {
        fail_all("your code raised " + (what.empty() ? std::string("an exception") : what) + " while loading " +
                 settings.solution_file + " (in the constructor of a static object)");
    }
    if (phase == InCase) write_all(reply_fd, settings.token + "T" + what);
    std::abort();
}

// Load solution.so, with a time limit on the candidate's static constructors.
void load() {
    for (const Case& c : cases) {
        load_timeout_events += framed(result(c, "timeout", "your code did not finish loading " + settings.solution_file + " within " +
                                      seconds(settings.load_limit) + " (a static object's constructor kept running)", "", 0, true));
    }
    load_timeout_events += framed(event("finish"));
    phase = Loading;
    signal(SIGALRM, on_load_alarm);
    itimerval timer{{0, 0}, interval(settings.load_limit)};
    setitimer(ITIMER_REAL, &timer, nullptr);
    std::string path = settings.folder + "/solution.so";
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    itimerval off{};
    setitimer(ITIMER_REAL, &off, nullptr);
    signal(SIGALRM, SIG_DFL);
    phase = Idle;
    std::fflush(nullptr);  // what a static constructor printed must not be copied into every case
    if (!handle) fail_all(std::string("your code could not be loaded: ") + dlerror());
    auto abi = reinterpret_cast<oa_abi_version_fn>(dlsym(handle, "oa_abi_version"));
    auto count = reinterpret_cast<oa_method_count_fn>(dlsym(handle, "oa_method_count"));
    auto name = reinterpret_cast<oa_method_name_fn>(dlsym(handle, "oa_method_name"));
    create_instance = reinterpret_cast<oa_create_fn>(dlsym(handle, "oa_create"));
    call_method = reinterpret_cast<oa_call_fn>(dlsym(handle, "oa_call"));
    if (!abi || !count || !name || !create_instance || !call_method || abi() != oa::ABI_VERSION)
        fail_all("the grader's solution.so does not match its harness (reinstall oa-sim)");
    std::unordered_map<std::string, int> index;
    for (int n = 0; n < count(); ++n) index[name(n)] = n;
    for (Case& c : cases)
        for (Call& call : c.calls) {
            auto found = index.find(call.method);
            call.index = found == index.end() ? -1 : found->second;
        }
}

// -- one case, in its own process -----------------------------------------------------------------

bool finite(const oa::Json& value) {
    if (value.kind == oa::Json::Double) return std::isfinite(value.d);
    for (const oa::Json& item : value.items)
        if (!finite(item)) return false;
    return true;
}

void append_answer(std::string& out, const oa::Json& got) {
    if (got.kind == oa::Json::Unsupported) {
        std::string kind = oa::pretty_type(got.s.c_str());
        for (long long n = 0; n < got.i; ++n) kind = "list holding a " + kind;
        out += "{\"unsupported\":";
        oa::write_string(out, kind);
    } else if (!finite(got)) {
        out += "{\"unsupported\":\"double that is not finite\"";
    } else {
        out += "{\"value\":";
        oa::write_json(out, got);
    }
    out += '}';
}

void append_error(std::string& out, const Raised& raised) {
    out += "{\"error\":{\"type\":";
    oa::write_string(out, raised.type);
    out += ",\"message\":";
    oa::write_string(out, raised.message);
    out += ",\"where\":\"\",\"trace\":\"\"}}";
}

[[noreturn]] void play(const Case& c, int output, int reply) {
    phase = InCase;
    reply_fd = reply;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGPIPE, SIG_DFL);
    dup2(output, 1);
    dup2(output, 2);
    close(output);
    close(events_fd);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // what was printed before a crash is still in the file
    // The limit is CPU time, so a busy machine cannot time out a fast solution: SIGPROF ends the
    // case when it is spent, and the harness's wall-clock backstop catches code that only waits.
    itimerval budget{{0, 0}, interval(settings.limit)};
    setitimer(ITIMER_PROF, &budget, nullptr);
    limit(RLIMIT_CPU, rlim_t(std::ceil(settings.limit)) + 1);  // should the handler be replaced
    std::string answers = "A[";
    void* instance = nullptr;
    try {
        instance = create_instance();
    } catch (...) {
        append_error(answers, oa::raised_now(settings.memory_mb));
    }
    for (std::size_t n = 0; instance && n < c.calls.size(); ++n) {
        *progress = long(n);
        const Call& call = c.calls[n];
        oa::Json got;
        try {
            if (call.index < 0) throw std::invalid_argument(call.method + " is not a method of " + settings.impl_class);
            call_method(instance, call.index, &call.args, &got);
        } catch (...) {
            if (n) answers += ',';
            append_error(answers, oa::raised_now(settings.memory_mb));
            break;
        }
        if (n) answers += ',';
        append_answer(answers, got);
    }
    *progress = long(c.calls.size());
    answers += ']';
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    write_all(reply, settings.token + answers);
    _exit(0);  // the instance is never destroyed, and no static destructor runs: the case is over
}

std::string where(const Case& c, long step) {
    if (step < 0) return "in the constructor of " + settings.impl_class;
    if (step >= long(c.calls.size())) return "after its last call";
    return "in step " + std::to_string(step + 1) + " (" + c.calls[std::size_t(step)].method + ")";
}

std::string printed(int output) {
    struct stat info{};
    if (fstat(output, &info) != 0 || info.st_size == 0) return "";
    std::string text(std::size_t(std::min<long long>(info.st_size, settings.output_limit)), '\0');
    ssize_t got = pread(output, text.data(), text.size(), 0);
    text.resize(got > 0 ? std::size_t(got) : 0);
    if (info.st_size > (long long)text.size()) text += "\n[output clipped: " + std::to_string(info.st_size) + " bytes in all]";
    return "--- output ---\n" + text;
}

void run_case(const Case& c) {
    std::string output_path = settings.folder + "/output.txt";
    int output = open(output_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int pipe_fds[2];
    if (output < 0 || pipe2(pipe_fds, O_CLOEXEC) != 0) {
        emit(result(c, "error", std::string("the harness could not prepare the case: ") + std::strerror(errno)));
        return;
    }
    *progress = -1;
    std::fflush(nullptr);
    double started = now();
    double deadline = started + settings.wall_limit;
    pid_t pid = fork();
    if (pid == 0) play(c, output, pipe_fds[1]);
    close(pipe_fds[1]);
    if (pid < 0) {
        emit(result(c, "error", std::string("the harness could not start the case: ") + std::strerror(errno)));
        close(pipe_fds[0]);
        close(output);
        return;
    }
    std::string reply;
    bool timed_out = false, exited = false, closed = false;
    int status = 0;
    rusage usage{};
    char buffer[1 << 16];
    fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
    // Read the answers until the case's process has exited and the pipe is drained, or the time is
    // up. Its exit is watched as well as the pipe: a process the code forked may hold the pipe open
    // long after the case itself has ended.
    while (true) {
        for (ssize_t n; !closed;) {
            n = read(pipe_fds[0], buffer, sizeof buffer);
            if (n > 0) reply.append(buffer, std::size_t(n));
            else if (n == 0) closed = true;
            else if (errno != EINTR) break;  // nothing more for now
        }
        if (!exited && wait4(pid, &status, WNOHANG, &usage) == pid) {
            exited = true;
            continue;  // drain what it wrote just before it ended
        }
        if (exited) break;
        double left = deadline - now();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        pollfd wanted{pipe_fds[0], POLLIN, 0};
        if (closed) usleep(50);  // the pipe is closed: the process is ending
        else poll(&wanted, 1, std::min(5, int(std::ceil(left * 1000))));
    }
    if (!exited) {
        kill(pid, SIGKILL);
        wait4(pid, &status, 0, &usage);
    }
    double duration = cpu_seconds(usage);  // what the limit counts
    close(pipe_fds[0]);
    // The case's process writes its reply last, behind the token; bytes before it are the
    // candidate's own writes to the pipe, and a reply without the token is none of the harness's.
    std::size_t own = settings.token.empty() ? 0 : reply.rfind(settings.token);
    bool junk = own == std::string::npos || own > 0;
    reply = own == std::string::npos ? std::string() : reply.substr(own + settings.token.size());
    std::string detail = printed(output);
    close(output);
    std::string at = where(c, *progress);
    if (timed_out) {
        emit(result(c, "timeout", "timed out after " + seconds(settings.limit) + " " + at, detail, duration));
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !reply.empty() && reply[0] == 'A' &&
               (long long)reply.size() > settings.file_size_limit / 2) {  // the events file has the same limit
        emit(result(c, "error", "your code returned more data than the grader accepts (" +
                    std::to_string(settings.file_size_limit >> 21) + " MiB)", detail, duration));
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !reply.empty() && reply[0] == 'A') {
        std::string answers = reply.substr(1);
        try {
            oa::Reader(answers).document();  // only well-formed answers are sent on
            emit(result(c, "answered", "", detail, duration, false, &answers));
        } catch (const std::exception&) {
            emit(result(c, "error", "the answers of your code could not be read (it may have overwritten memory)", detail, duration));
        }
    } else if (!reply.empty() && reply[0] == 'T') {
        std::string what = reply.substr(1);
        emit(result(c, "crashed", "your code ended the program through std::terminate " + at +
                    (what.empty() ? "" : ": " + what + " escaped a noexcept function, a destructor or a thread"), detail, duration));
    } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ) {
        emit(result(c, "error", "your code wrote more output than the grader accepts (" +
                    std::to_string(settings.file_size_limit >> 20) + " MiB) " + at, detail, duration));
    } else if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGPROF || WTERMSIG(status) == SIGXCPU)) {
        emit(result(c, "timeout", "timed out after " + seconds(settings.limit) + " " + at, detail, duration));
    } else if (WIFSIGNALED(status)) {
        emit(result(c, "crashed", "your code crashed " + at + ": " + oa::signal_account(WTERMSIG(status)), detail, duration));
    } else if (junk && reply.empty() && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        emit(result(c, "error", "your code wrote into the pipe the grader's answers travel through, and no answers "
                    "of the grader's came after it " + at, detail, duration));
    } else {
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        emit(result(c, "error", "your code called exit(" + std::to_string(code) + ") " + at, detail, duration));
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: harness <job.json>\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    try {
        oa::read_job(argv[1], settings, cases);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "harness: cannot read the job: %s\n", error.what());
        return 2;
    }
    malloc_trim(0);  // the job's text and tree are freed: every fork copies fewer pages
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // the harness must not outlive oa-sim
    if (settings.parent_pid && getppid() != settings.parent_pid) return 1;
    limit(RLIMIT_AS, rlim_t(settings.memory_mb) << 20);
    limit(RLIMIT_FSIZE, rlim_t(settings.file_size_limit));
    limit(RLIMIT_CORE, 0);  // a crash must not spend seconds writing a core file
    events_fd = open(settings.events.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (events_fd < 0) {
        std::fprintf(stderr, "harness: cannot open the events file %s: %s\n", settings.events.c_str(), std::strerror(errno));
        return 2;
    }
    void* shared = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        std::fprintf(stderr, "harness: mmap failed: %s\n", std::strerror(errno));
        return 2;
    }
    progress = static_cast<volatile long*>(shared);
    std::string collected = "{\"ev\":\"collected\",\"tests\":[";
    for (std::size_t n = 0; n < cases.size(); ++n) {
        collected += n ? ",{\"nodeid\":" : "{\"nodeid\":";
        oa::write_string(collected, cases[n].id);
        collected += '}';
    }
    emit(collected + "]}");
    // From here on the candidate's prints (a static constructor's too) go to a file, never to the events.
    std::string output_path = settings.folder + "/output.txt";
    int output = open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (output >= 0) {
        dup2(output, 1);
        dup2(output, 2);
        close(output);
    }
    std::set_terminate(on_terminate);
    if (!cases.empty()) {
        emit(event("start", &cases[0].id));  // a crash while loading is blamed on the first case, as an import
        load();
        for (std::size_t n = 0; n < cases.size(); ++n) {
            if (n) emit(event("start", &cases[n].id));
            emit(event("loaded"));
            run_case(cases[n]);
        }
    }
    emit(event("finish"));
    _exit(0);  // the candidate's static destructors never run here
}
