// Package harness is oa-sim's Go harness: it plays each case's calls on the candidate's type and
// writes the answers, as JSON lines, to the events file the job names (the protocol of
// oa_sim/grading/runner.py). Expected values never reach this process: it only answers.
//
// The program is three packages: the candidate's, this one, and a generated main that calls
// Main with a function making a new instance (the candidate's constructor). Go initializes this
// package before the candidate's (main imports it first, and its import path sorts first), so
// init reads the job, sets the limits and starts the first case's clock before any candidate code
// runs: a panic or os.Exit in the candidate's package initialization is then a crash while
// importing, not a harness that never started.
//
// Each case runs in a goroutine of its own, on a new instance. A panic in a call is recovered and
// answered as an error with its line. Past the time limit or the output limit the harness writes
// the test's verdict and exits; so does, by itself, a panic in a goroutine the candidate started,
// which no recover can catch. Either way the parent starts a new process for the tests not yet
// judged. What the candidate prints goes to a file of the run folder, never to the events.
package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	mib           = 1 << 20
	cpuMargin     = 10      // seconds: RLIMIT_CPU only backs up the harness's own limits
	maxStack      = 8 * mib // a C thread's default: an endless recursion fails in a blink, not at 1 GiB
	maxDepth      = 20      // nested lists deeper than this are no plain value
	pollInterval  = 20 * time.Millisecond
	clockInterval = 2 * time.Millisecond
	exitTimeout   = 3 // exit statuses after the harness wrote a verdict itself (the parent restarts it)
	exitOutput    = 4
	exitBadJob    = 70
)

// call is one step as the job writes it, [method, [args...]], its numbers kept as written
// (json.Number) so that an integer argument is never rounded through a float.
type call struct {
	Method string
	Args   []any
}

func (c *call) read(raw []any) bool {
	if len(raw) != 2 {
		return false
	}
	method, isName := raw[0].(string)
	args, isList := raw[1].([]any)
	c.Method, c.Args = method, args
	return isName && isList
}

type testCase struct {
	ID    string  `json:"id"`
	Steps [][]any `json:"calls"`
	Calls []call  `json:"-"`
}

type job struct {
	Events          string     `json:"events"`
	Token           string     `json:"token"` // opens every line written to Events
	Skip            []string   `json:"skip"`
	Cases           []testCase `json:"cases"`
	ParentPID       int        `json:"parent_pid"`
	SolutionFile    string     `json:"solution_file"`
	ImplClass       string     `json:"impl_class"`
	SolutionPackage string     `json:"solution_package"` // import path of the candidate's package
	OutputFile      string     `json:"output_file"`
	TestTimeLimit   float64    `json:"test_time_limit"`
	WallTimeLimit   float64    `json:"wall_time_limit"`
	RunTimeLimit    float64    `json:"run_time_limit"`
	MemoryLimitMB   int64      `json:"memory_limit_mb"`
	OutputLimit     int64      `json:"output_limit_bytes"`
	FileSizeLimit   int64      `json:"file_size_limit"`
}

var (
	settings job
	pending  []testCase
	events   *os.File
	output   *os.File // fds 1 and 2 of this process: whatever the candidate's code prints
	mu       sync.Mutex
	running  *clock // the case under way, nil between cases
)

// clock is one case's time: the first of a result, a timeout or an output overflow wins.
type clock struct {
	id       string
	started  time.Time
	cpuStart float64
	armed    bool
	done     bool
}

func init() {
	if len(os.Args) != 2 || strings.HasPrefix(os.Args[1], "-") {
		fail("usage: oasim-harness <job.json> (a compiled harness cannot start before its job is known)")
	}
	readJob(os.Args[1])
	if settings.WallTimeLimit < settings.TestTimeLimit {
		settings.WallTimeLimit = settings.TestTimeLimit
	}
	watchParent(settings.ParentPID)
	var err error
	if events, err = os.OpenFile(settings.Events, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err != nil {
		fail("cannot open the events file: " + err.Error())
	}
	captureOutput()
	limitResources()
	skip := map[string]bool{}
	for _, id := range settings.Skip {
		skip[id] = true
	}
	tests := []map[string]string{}
	for _, c := range settings.Cases {
		if !skip[c.ID] {
			pending = append(pending, c)
			tests = append(tests, map[string]string{"nodeid": c.ID})
		}
	}
	// The job's calls stay in memory for the whole run: scanning them at every collection would
	// cost the candidate's clock, and the memory limit still makes the collector run when needed.
	debug.SetGCPercent(400)
	settings.Cases = nil
	emit(map[string]any{"ev": "collected", "tests": tests})
	if len(pending) > 0 {
		begin(pending[0].ID) // a crash while the candidate's package initializes is blamed on it
	}
	go watchOutput()
	go watchClock()
}

// readJob reads the job, and every call's arguments once, here: not on a case's clock.
func readJob(path string) {
	data, err := os.ReadFile(path)
	if err == nil {
		decoder := json.NewDecoder(bytes.NewReader(data))
		decoder.UseNumber()
		err = decoder.Decode(&settings)
	}
	if err != nil {
		fail("cannot read the job: " + err.Error())
	}
	for i := range settings.Cases {
		c := &settings.Cases[i]
		c.Calls = make([]call, len(c.Steps))
		for j, step := range c.Steps {
			if !c.Calls[j].read(step) {
				fail(fmt.Sprintf("cannot read the job: a call of %s is not [method, args]", c.ID))
			}
		}
		c.Steps = nil
	}
}

// Main plays every case not yet judged, each on an instance from newInstance, then exits.
func Main(newInstance func() any) {
	for index, current := range pending {
		if index > 0 {
			begin(current.ID)
		}
		emit(map[string]any{"ev": "loaded"})
		arm()
		done := make(chan []any, 1)
		go playCase(current, newInstance, done)
		answers := <-done
		finish(map[string]any{"outcome": "answered", "answers": answers})
	}
	emit(map[string]any{"ev": "finish"})
	os.Exit(0)
}

// -- one case -------------------------------------------------------------------------------------

// begin announces a case. Its clock starts at arm: the first case is announced while the
// candidate's package initializes, which the parent's load allowance covers, not the case's limit.
func begin(id string) {
	mu.Lock()
	defer mu.Unlock()
	resetOutput()
	emitLocked(map[string]any{"ev": "start", "nodeid": id})
	running = &clock{id: id}
}

// arm starts the running case's clock.
func arm() {
	mu.Lock()
	defer mu.Unlock()
	running.started, running.cpuStart, running.armed = time.Now(), cpuSeconds(), true
}

// watchClock ends a case past its limit: CPU time, so a busy machine cannot time out a fast
// solution, with a wall-clock backstop for code that waits instead of computing.
func watchClock() {
	wall := time.Duration(settings.WallTimeLimit * float64(time.Second))
	for {
		time.Sleep(clockInterval)
		mu.Lock()
		this := running
		over := this != nil && this.armed && !this.done &&
			(cpuSeconds()-this.cpuStart > settings.TestTimeLimit || time.Since(this.started) > wall)
		mu.Unlock()
		if over {
			message := fmt.Sprintf("timed out after %s s", seconds(settings.TestTimeLimit))
			stop(this, map[string]any{"outcome": "timeout", "message": message}, exitTimeout)
		}
	}
}

// cpuSeconds is the CPU time this process has used: the candidate's code and the collection of
// its garbage.
func cpuSeconds() float64 {
	var usage syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &usage) != nil {
		return 0
	}
	return float64(usage.Utime.Sec+usage.Stime.Sec) + float64(usage.Utime.Usec+usage.Stime.Usec)/1e6
}

// finish reports the running case, unless a timeout or an overflow already did.
func finish(fields map[string]any) bool {
	mu.Lock()
	defer mu.Unlock()
	return finishLocked(fields)
}

func finishLocked(fields map[string]any) bool {
	if running == nil || running.done {
		return false
	}
	running.done = true
	duration := 0.0
	if running.armed {
		duration = cpuSeconds() - running.cpuStart // what the limit counts
	}
	result := map[string]any{
		"ev": "result", "nodeid": running.id, "duration": duration,
		"import_error": false, "message": "", "detail": printed(),
	}
	for key, value := range fields {
		result[key] = value
	}
	emitLocked(result)
	running = nil
	return true
}

// stop reports the case which (nil: whichever runs) and ends the process: its code may still
// be running, and a goroutine cannot be stopped from outside. A timer that fired just as its case
// ended finds another case running, or none, and does nothing.
func stop(which *clock, fields map[string]any, status int) {
	mu.Lock()
	if (which == nil || which == running) && finishLocked(fields) {
		os.Exit(status) // under the lock, so no other event can follow
	}
	mu.Unlock()
}

// playCase runs in a goroutine of its own, so runtime.Goexit in the candidate's code ends only it.
// Answers are appended as they come, also from deferred functions: Goexit unwinds past every
// return, and the deferred send below still hands over what was answered.
func playCase(current testCase, newInstance func() any, done chan<- []any) {
	answers := &[]any{}
	defer func() { done <- *answers }()
	instance, ok := construct(newInstance, answers)
	if !ok {
		return
	}
	methods := map[string]reflect.Value{}
	for _, c := range current.Calls {
		if !invoke(instance, methods, c, answers) {
			return // the first error ends the case, as in every language
		}
	}
}

func construct(newInstance func() any, answers *[]any) (reflect.Value, bool) {
	completed := false
	defer func() {
		if !completed {
			*answers = append(*answers, errorAnswer(recover(), "New"+settings.ImplClass))
		}
	}()
	instance := reflect.ValueOf(newInstance())
	completed = true
	if !instance.IsValid() {
		*answers = append(*answers, signatureError("nil instance", "New"+settings.ImplClass+" returned nil"))
		return instance, false
	}
	return instance, true
}

func invoke(instance reflect.Value, methods map[string]reflect.Value, c call, answers *[]any) (ok bool) {
	method, found := methods[c.Method]
	if !found {
		method = instance.MethodByName(c.Method)
		methods[c.Method] = method
	}
	if !method.IsValid() {
		*answers = append(*answers, signatureError("missing method", missingMethod(instance.Type(), c.Method)))
		return false
	}
	args, problem := arguments(method.Type(), c)
	if problem != "" {
		*answers = append(*answers, signatureError("wrong signature", problem))
		return false
	}
	defer func() {
		if !ok {
			*answers = append(*answers, errorAnswer(recover(), c.Method))
		}
	}()
	results := method.Call(args)
	*answers = append(*answers, resultAnswer(results))
	return true
}

func resultAnswer(results []reflect.Value) any {
	switch len(results) {
	case 0:
		return valueAnswer{nil}
	case 1:
		return plainAnswer(results[0])
	}
	kinds := make([]string, len(results))
	for i, r := range results {
		kinds[i] = r.Type().String()
	}
	return unsupportedAnswer{"(" + strings.Join(kinds, ", ") + ")"}
}
