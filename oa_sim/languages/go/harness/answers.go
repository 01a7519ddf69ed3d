package harness

// What the harness sends back for a call: arguments made from the job's plain data, results read
// by value (by reflection, never by calling the candidate's methods), panics with their line.

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"strconv"
	"strings"
)

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
