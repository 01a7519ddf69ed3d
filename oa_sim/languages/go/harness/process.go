package harness

// The process around the cases: where prints go, the limits, the events file, the parent.

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// captureOutput points fds 1 and 2 at a file of the run folder: prints reach it synchronously (no
// buffer to lose in a crash), and a runtime's fatal error lands there too, for the parent to quote.
func captureOutput() {
	file, err := os.OpenFile(settings.OutputFile, os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND, 0o644)
	if err != nil {
		fail("cannot open the output file: " + err.Error())
	}
	for _, fd := range []int{1, 2} {
		if err := syscall.Dup3(int(file.Fd()), fd, 0); err != nil {
			fail("cannot capture the output: " + err.Error())
		}
	}
	output = file
}

func resetOutput() {
	_ = output.Truncate(0) // O_APPEND: the next write lands at the new end
}

// printed is what the case printed, clipped, for the report's detail (only shown beside a failure).
func printed() string {
	info, err := output.Stat()
	if err != nil || info.Size() == 0 {
		return ""
	}
	size := info.Size()
	buffer := make([]byte, min(size, settings.OutputLimit))
	n, _ := output.ReadAt(buffer, 0)
	text := "--- output ---\n" + strings.ToValidUTF8(string(buffer[:n]), "\uFFFD")
	if size > int64(n) {
		text += fmt.Sprintf("\n[output clipped: %d bytes in all]", size)
	}
	return text
}

// watchOutput ends a case that prints without end: the file-size limit makes further writes fail,
// but a loop that ignores the errors would only stop at the time limit.
func watchOutput() {
	for {
		time.Sleep(pollInterval)
		if info, err := output.Stat(); err == nil && info.Size() > settings.FileSizeLimit {
			message := fmt.Sprintf("your code wrote more output than the grader accepts (%d MiB)", settings.FileSizeLimit/mib)
			stop(nil, map[string]any{"outcome": "error", "message": message}, exitOutput)
		}
	}
}

func limitResources() {
	memory := settings.MemoryLimitMB * mib
	debug.SetMemoryLimit(memory) // the collector works harder before the hard limit below is near
	debug.SetMaxStack(maxStack)
	// The runtime reserves address space up front (hundreds of MiB that are never touched), so the
	// candidate's share of RLIMIT_AS comes on top of what this process has already reserved.
	setLimit(syscall.RLIMIT_AS, reservedBytes()+memory)
	setLimit(syscall.RLIMIT_FSIZE, settings.FileSizeLimit+mib)
	// Go ignores SIGXCPU, so the soft limit is the hard one: the kernel then sends SIGKILL.
	setLimit(syscall.RLIMIT_CPU, int64(math.Ceil(settings.RunTimeLimit))+cpuMargin)
}

func setLimit(resource int, value int64) {
	var current syscall.Rlimit
	if syscall.Getrlimit(resource, &current) != nil {
		return
	}
	limit := uint64(value)
	if current.Max != math.MaxUint64 && current.Max < limit { // unprivileged: cannot raise the hard limit
		limit = current.Max
	}
	_ = syscall.Setrlimit(resource, &syscall.Rlimit{Cur: limit, Max: limit})
}

func reservedBytes() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if fields := strings.Fields(line); len(fields) >= 2 && fields[0] == "VmSize:" {
			kib, _ := strconv.ParseInt(fields[1], 10, 64)
			return kib * 1024
		}
	}
	return 0
}

func emit(event map[string]any) {
	mu.Lock()
	defer mu.Unlock()
	emitLocked(event)
}

func emitLocked(event map[string]any) {
	line, err := json.Marshal(event)
	if err != nil {
		line, _ = json.Marshal(map[string]any{"ev": event["ev"], "nodeid": event["nodeid"], "outcome": "error", "message": "the harness could not encode the answers: " + err.Error()})
	}
	// The run's token opens every line, after a line break: what the candidate's code writes to
	// this file is a line of its own, without the token, and the parent ignores it.
	framed := append(append([]byte("\n"+settings.Token), line...), '\n')
	_, _ = events.Write(framed)
}

// watchParent ends the harness once oa-sim is gone: the process is then re-parented.
func watchParent(parent int) {
	if parent == 0 {
		return
	}
	go func() {
		for range time.Tick(500 * time.Millisecond) {
			if os.Getppid() != parent {
				os.Exit(1)
			}
		}
	}()
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "oa-sim harness: "+message)
	os.Exit(exitBadJob)
}

func seconds(value float64) string {
	return strconv.FormatFloat(value, 'g', -1, 64)
}

func min(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}
