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
	"math"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	mib          = 1 << 20
	cpuMargin    = 10       // seconds: RLIMIT_CPU only backs up the parent's wall-clock limits
	maxStack     = 64 * mib // an endless recursion fails in a blink instead of eating the memory limit
	maxDepth     = 20       // nested lists deeper than this are no plain value
	pollInterval = 20 * time.Millisecond
	exitTimeout  = 3 // exit statuses after the harness wrote a verdict itself (the parent restarts it)
	exitOutput   = 4
	exitBadJob   = 70
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
	Skip            []string   `json:"skip"`
	Cases           []testCase `json:"cases"`
	ParentPID       int        `json:"parent_pid"`
	SolutionFile    string     `json:"solution_file"`
	ImplClass       string     `json:"impl_class"`
	SolutionPackage string     `json:"solution_package"` // import path of the candidate's package
	OutputFile      string     `json:"output_file"`
	TestTimeLimit   float64    `json:"test_time_limit"`
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
	id      string
	started time.Time
	timer   *time.Timer
	done    bool
}

func init() {
	if len(os.Args) != 2 || strings.HasPrefix(os.Args[1], "-") {
		fail("usage: oasim-harness <job.json> (a compiled harness cannot start before its job is known)")
	}
	readJob(os.Args[1])
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
		begin(pending[0].ID) // its clock runs while the candidate's package initializes
	}
	go watchOutput()
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
		done := make(chan []any, 1)
		go playCase(current, newInstance, done)
		answers := <-done
		finish(map[string]any{"outcome": "answered", "answers": answers})
	}
	emit(map[string]any{"ev": "finish"})
	os.Exit(0)
}

// -- one case -------------------------------------------------------------------------------------

func begin(id string) {
	mu.Lock()
	defer mu.Unlock()
	resetOutput()
	emitLocked(map[string]any{"ev": "start", "nodeid": id})
	limit := time.Duration(settings.TestTimeLimit * float64(time.Second))
	this := &clock{id: id, started: time.Now()}
	this.timer = time.AfterFunc(limit, func() {
		message := fmt.Sprintf("timed out after %s s", seconds(settings.TestTimeLimit))
		stop(this, map[string]any{"outcome": "timeout", "message": message}, exitTimeout)
	})
	running = this
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
	running.timer.Stop()
	result := map[string]any{
		"ev": "result", "nodeid": running.id, "duration": time.Since(running.started).Seconds(),
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

func arguments(kind reflect.Type, c call) ([]reflect.Value, string) {
	if kind.IsVariadic() || kind.NumIn() != len(c.Args) {
		return nil, fmt.Sprintf("%s takes %d argument(s); the test passes %d (see %s)", c.Method, kind.NumIn(), len(c.Args), interfaceFile())
	}
	args := make([]reflect.Value, len(c.Args))
	for i, value := range c.Args {
		arg, ok := convert(value, kind.In(i))
		if !ok {
			raw, _ := json.Marshal(value)
			return nil, fmt.Sprintf("%s's parameter %d is a %s, which cannot take the test's %s (see %s)", c.Method, i+1, kind.In(i), raw, interfaceFile())
		}
		args[i] = arg
	}
	return args, ""
}

// convert makes an argument of the parameter's type: strings and integers directly (every call of
// a scale case passes them), anything else the way encoding/json would fill such a variable.
func convert(value any, to reflect.Type) (reflect.Value, bool) {
	switch to.Kind() {
	case reflect.String:
		if text, ok := value.(string); ok {
			return reflect.ValueOf(text).Convert(to), true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if number, ok := value.(json.Number); ok {
			if n, err := number.Int64(); err == nil {
				arg := reflect.New(to).Elem()
				if !arg.OverflowInt(n) {
					arg.SetInt(n)
					return arg, true
				}
			}
		}
	}
	raw, err := json.Marshal(value)
	target := reflect.New(to)
	if err != nil || json.Unmarshal(raw, target.Interface()) != nil {
		return reflect.Value{}, false
	}
	return target.Elem(), true
}

func missingMethod(kind reflect.Type, name string) string {
	text := fmt.Sprintf("%s has no method %s (see %s)", kind, name, interfaceFile())
	if kind.Kind() != reflect.Pointer {
		if _, ok := reflect.PointerTo(kind).MethodByName(name); ok {
			text += fmt.Sprintf("; %s has it: return a pointer from New%s", reflect.PointerTo(kind), settings.ImplClass)
		}
	}
	return text
}

func signatureError(kind, message string) map[string]any {
	return map[string]any{"error": map[string]any{"type": kind, "message": message, "where": "", "trace": ""}}
}

func interfaceFile() string {
	return strings.TrimSuffix(settings.SolutionFile, "_impl.go") + ".go"
}

// -- answers: plain values only, read by reflection, never by calling the candidate's methods -------

type unsupported string

// The two answers of a call that returned; small structs, not maps: a scale case has thousands.
type valueAnswer struct {
	Value any `json:"value"`
}

type unsupportedAnswer struct {
	Unsupported string `json:"unsupported"`
}

func plainAnswer(value reflect.Value) any {
	got, kind := plain(value, 0)
	if kind != "" {
		return unsupportedAnswer{string(kind)}
	}
	return valueAnswer{got}
}

func plain(value reflect.Value, depth int) (any, unsupported) {
	if !value.IsValid() {
		return nil, ""
	}
	switch value.Kind() {
	case reflect.String:
		return value.String(), ""
	case reflect.Bool:
		return value.Bool(), ""
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return value.Int(), ""
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return value.Uint(), ""
	case reflect.Float32, reflect.Float64:
		if math.IsNaN(value.Float()) || math.IsInf(value.Float(), 0) {
			return nil, unsupported(fmt.Sprintf("%s (%v)", value.Type(), value.Float()))
		}
		return value.Float(), ""
	case reflect.Pointer, reflect.Interface:
		if value.IsNil() {
			return nil, "" // nil is Go's "no value"
		}
		if depth >= maxDepth {
			return nil, unsupported(value.Type().String() + " nested too deep")
		}
		got, kind := plain(value.Elem(), depth+1)
		if kind != "" && value.Kind() == reflect.Pointer {
			kind = unsupported(value.Type().String())
		}
		return got, kind
	case reflect.Slice, reflect.Array:
		if depth >= maxDepth {
			return nil, unsupported(value.Type().String() + " nested too deep")
		}
		items := make([]any, value.Len()) // a nil slice is the empty list
		for i := range items {
			item, kind := plain(value.Index(i), depth+1)
			if kind != "" {
				return nil, unsupported(value.Type().String() + " holding a " + string(kind))
			}
			items[i] = item
		}
		return items, ""
	}
	return nil, unsupported(value.Type().String())
}

// errorAnswer describes a recovered panic: its value, the candidate's line that raised it, and the
// candidate's frames. Called in the deferred function, while the panicking frames still exist.
func errorAnswer(value any, method string) map[string]any {
	kind, message := "panic", describe(value)
	if value == nil {
		kind, message = "runtime.Goexit", "your code ended the goroutine running "+method+" (runtime.Goexit, or panic(nil))"
	}
	where, trace := candidateFrames()
	return map[string]any{"error": map[string]any{"type": kind, "message": message, "where": where, "trace": "panic: " + message + trace}}
}

// describe turns a panic value into text; an Error or String method is the candidate's code, so it
// runs guarded (the case's clock still runs, should it never return).
func describe(value any) (text string) {
	defer func() {
		if recover() != nil {
			text = fmt.Sprintf("a %T whose Error or String method panicked", value)
		}
	}()
	switch v := value.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return fmt.Sprint(value)
}

func candidateFrames() (where string, trace string) {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	prefix := settings.SolutionPackage + "/"
	var lines []string
	for {
		frame, more := frames.Next()
		if strings.HasPrefix(frame.Function, "reflect.") && len(lines) > 0 {
			break // below here: the harness's own frames
		}
		if strings.HasPrefix(frame.File, prefix) {
			file := strings.TrimPrefix(frame.File, prefix)
			if where == "" {
				where = file + " line " + strconv.Itoa(frame.Line)
			}
			function := strings.TrimPrefix(frame.Function, settings.SolutionPackage+".")
			lines = append(lines, fmt.Sprintf("\n    %s  %s:%d", function, file, frame.Line))
		}
		if !more {
			break
		}
	}
	return where, strings.Join(lines, "")
}

// -- output, limits, events -------------------------------------------------------------------------

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
	_, _ = events.Write(append(line, '\n'))
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
